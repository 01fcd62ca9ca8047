package io.sparkdtrain.examples;

import io.sparkdtrain.engine.DefaultSettings;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.model.mlp.Activation;
import io.sparkdtrain.model.mlp.MlpLayout;
import io.sparkdtrain.model.mlp.MlpModel;
import io.sparkdtrain.model.mlp.MultilayerPerceptron;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The model options of {@code train} and {@code compare}: {@code --model linear|mlp} and, for the
 * feed-forward network ({@link MultilayerPerceptron}, issue 17), its hidden layers, activation and
 * dropout. The network's input size is the data's feature count and its output the number of
 * classes (labels or {@code --num-classes}); its output is a softmax, so {@code --objective} is
 * {@code softmax} (its default with {@code --model mlp}) and anything else is rejected. Its L2 weight
 * decay is {@code --reg-param}.
 */
final class MlpOptions {
  /** The network's step size when {@code --step-size} is not given, for sgd (and adagrad). */
  static final double SGD_STEP = 0.05;
  /** The network's step size with {@code --optimizer adam}: Kingma and Ba's default. */
  static final double ADAM_STEP = 0.001;
  /** The hidden sizes when {@code --layers} is not given. */
  static final String DEFAULT_LAYERS = "256";

  @Option(names = "--model", paramLabel = "linear|mlp", defaultValue = "linear",
      description = "Model: a linear model, or mlp, a feed-forward network with a softmax output (default "
          + "${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--layers", paramLabel = "H1[,H2...]",
      description = "--model mlp: hidden layer sizes, e.g. 256,128 (default " + DEFAULT_LAYERS + "); the input "
          + "size comes from the data's features and the output from the classes.")
  String layers;

  @Option(names = "--activation", paramLabel = "relu|tanh",
      description = "--model mlp: hidden activation, relu (He initialisation) or tanh (Glorot) (default relu).")
  String activation;

  @Option(names = "--dropout", paramLabel = "P",
      description = "--model mlp: probability of dropping a hidden unit in training, in [0, 1) (default 0).")
  Double dropout;

  /** Whether the network is trained. */
  boolean isMlp() {
    return model.equals("mlp");
  }

  /**
   * Checks the options before any data is read. {@code objective} is the {@code --objective} given
   * (null: not given).
   */
  void validate(String objective) {
    Checks.require(model.equals("linear") || isMlp(), "--model", model, "must be linear or mlp");
    if (!isMlp()) {
      Checks.require(layers == null, "--layers", layers, "needs --model mlp");
      Checks.require(activation == null, "--activation", activation, "needs --model mlp");
      Checks.require(dropout == null, "--dropout", dropout, "needs --model mlp");
      return;
    }
    Checks.require(objective == null || objective.equals("softmax"), "--objective", objective,
        "--model mlp has a softmax output: use --objective softmax or leave --objective out");
    hidden();
    activation();
    Checks.require(dropout == null || (dropout >= 0 && dropout < 1), "--dropout", dropout, "must be in [0, 1)");
  }

  /**
   * Checks {@code --optimizer} against the model: the workers' local Adam steps (Local SGD, async,
   * FedAvg) are dense, so {@code --optimizer adam} with those strategies needs {@code --model mlp}.
   */
  void validateOptimizer(String strategy, String optimizer) {
    Checks.require(isMlp() || !optimizer.equals("adam") || !takesLocalAdam(strategy), "--optimizer", optimizer,
        "with --strategy " + strategy + " needs --model mlp (the linear model's local steps are sparse SGD)");
  }

  /** Whether {@code strategy}'s workers take Adam steps with {@code --optimizer adam} (the network only). */
  static boolean takesLocalAdam(String strategy) {
    return strategy.equals("local") || strategy.equals("async") || strategy.equals("fedavg");
  }

  /** The objective: the one given, else softmax for the network and logistic for a linear model. */
  String objective(String given) {
    return given != null ? given : isMlp() ? "softmax" : "logistic";
  }

  /** The hidden sizes of {@code --layers}. */
  int[] hidden() {
    String spec = layers == null ? DEFAULT_LAYERS : layers;
    String[] parts = spec.split(",", -1);
    Checks.require(!spec.isBlank(), "--layers", spec, "list at least one hidden size, e.g. 256,128");
    int[] sizes = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].trim();
      Checks.require(!p.isEmpty(), "--layers", spec, "entry " + (i + 1) + " is empty");
      try {
        sizes[i] = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Invalid value '" + spec + "' for option --layers: entry " + (i + 1)
            + " ('" + p + "') is not a whole number");
      }
      Checks.require(sizes[i] >= 1, "--layers", spec, "every hidden size must be >= 1 (entry " + (i + 1)
          + " is " + sizes[i] + ")");
    }
    return sizes;
  }

  /** The hidden activation. */
  Activation activation() {
    String name = activation == null ? "relu" : activation;
    Checks.require(name.equals("relu") || name.equals("tanh"), "--activation", name, "must be relu or tanh");
    return Activation.parse(name);
  }

  /**
   * The network for data with {@code features} features and {@code classes} classes, with L2 weight
   * decay {@code l2}.
   *
   * @throws IllegalArgumentException naming {@code --layers} when it is MLlib's full list (input
   *     first, classes last) instead of the hidden sizes
   */
  MlpModel model(int features, int classes, double l2) {
    int[] hidden = hidden();
    if (hidden.length >= 2 && hidden[0] == features && hidden[hidden.length - 1] == classes) {
      String inner = layers.substring(layers.indexOf(',') + 1, layers.lastIndexOf(',')).trim();
      Checks.require(false, "--layers", layers, "takes the hidden sizes only; the input (" + features
          + " features) and the output (" + classes + " classes) come from the data: write --layers " + inner);
    }
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = features;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = classes;
    return new MlpModel(new MultilayerPerceptron(new MlpLayout(sizes), activation(), l2,
        dropout == null ? 0.0 : dropout));
  }

  /**
   * The step size: {@code given}; else, for the network, {@link #ADAM_STEP} with adam and
   * {@link #SGD_STEP} otherwise; else (linear) unset, to be derived from the data.
   */
  double stepSize(Double given, String optimizer) {
    if (given != null) {
      return given;
    }
    return isMlp() ? (optimizer.equals("adam") ? ADAM_STEP : SGD_STEP) : DefaultSettings.STEP_SIZE;
  }

  /** The schedule: {@code given}, but {@code constant} for the network when it is left to the data. */
  String schedule(String given) {
    return isMlp() && given.equals(TrainingConfig.SCHEDULE_AUTO) ? "constant" : given;
  }

  /**
   * The report's model keys: {@code model}, {@code optimizer}, and the network's {@code layers} and
   * {@code activation}.
   */
  Map<String, Object> report(String optimizer, MlpModel network) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", model);
    if (network != null) {
      m.put("layers", network.network().layout().spec());
      m.put("activation", network.network().activation().name().toLowerCase(Locale.ROOT));
    }
    m.put("optimizer", optimizer);
    return m;
  }
}
