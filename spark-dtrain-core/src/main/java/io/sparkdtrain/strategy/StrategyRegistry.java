package io.sparkdtrain.strategy;

import io.sparkdtrain.engine.ReportKey;
import io.sparkdtrain.engine.StrategyProvider;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.strategy.async.AsyncProvider;
import io.sparkdtrain.strategy.fedavg.FedAvgProvider;
import io.sparkdtrain.strategy.hogwild.HogwildProvider;
import io.sparkdtrain.strategy.local.LocalSgdProvider;
import io.sparkdtrain.strategy.sync.SyncProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The strategies every front door offers (the command line's {@code train}, {@code compare} and
 * {@code bench}, the Estimators' {@code strategy} param, the report and the Kryo registrator): the
 * built-in five ({@code sync}, {@code local}, {@code async}, {@code hogwild}, {@code fedavg}), in that
 * order, then those {@link ServiceLoader} finds under
 * {@code META-INF/services/io.sparkdtrain.engine.StrategyProvider} (in the thread's context class
 * loader and in this library's), in classpath order. Two providers with one name are an error.
 */
public final class StrategyRegistry {
  private static final List<StrategyProvider> BUILT_IN = List.of(new SyncProvider(), new LocalSgdProvider(),
      new AsyncProvider(), new HogwildProvider(), new FedAvgProvider());
  /** The names of the built-in five, in order. */
  public static final List<String> BUILT_IN_NAMES = BUILT_IN.stream().map(StrategyProvider::name).toList();
  private static final Map<ClassLoader, List<StrategyProvider>> DISCOVERED = new WeakHashMap<>();

  private StrategyRegistry() {}

  /** Every strategy: the built-in five, then the discovered ones. */
  public static List<StrategyProvider> all() {
    Map<String, StrategyProvider> byName = new LinkedHashMap<>();
    for (StrategyProvider p : BUILT_IN) {
      byName.put(p.name(), p);
    }
    Set<Class<?>> seen = new LinkedHashSet<>();
    BUILT_IN.forEach(p -> seen.add(p.getClass()));
    for (StrategyProvider p : discovered()) {
      if (!seen.add(p.getClass())) {
        continue;
      }
      StrategyProvider before = byName.putIfAbsent(p.name(), p);
      if (before != null) {
        throw new IllegalStateException("Strategy name '" + p.name() + "' is registered twice: by "
            + before.getClass().getName() + " and by " + p.getClass().getName());
      }
    }
    return List.copyOf(byName.values());
  }

  /** The names of {@link #all()}, in order. */
  public static List<String> names() {
    List<String> out = new ArrayList<>();
    all().forEach(p -> out.add(p.name()));
    return out;
  }

  /** The strategy called {@code name}, if registered. */
  public static Optional<StrategyProvider> find(String name) {
    return all().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * The strategy called {@code name}.
   *
   * @throws IllegalArgumentException "Cannot set strategy to 'x', the value must be one of sync, ..."
   */
  public static StrategyProvider get(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("Cannot set strategy to '" + name
        + "', the value must be one of " + String.join(", ", names())));
  }

  /** The strategy {@code name} configured by {@code settings}. */
  public static TrainingStrategy create(String name, StrategySettings settings) {
    return get(name).create(settings);
  }

  /** The classes the strategies ship between JVMs, each once, in registry order. */
  public static List<String> kryoClassNames() {
    Set<String> out = new LinkedHashSet<>();
    all().forEach(p -> out.addAll(p.kryoClassNames()));
    return List.copyOf(out);
  }

  /**
   * Checks the fields of {@code result}'s report against its strategy's typed keys and returns the
   * declared fields present, by name (empty for a strategy that is not registered).
   *
   * @throws IllegalStateException naming a field whose value has another type than its key declares
   */
  public static Map<String, Object> reportFields(TrainingResult result) {
    Map<String, Object> out = new LinkedHashMap<>();
    Optional<StrategyProvider> provider = find(result.strategy());
    if (provider.isPresent()) {
      for (ReportKey<?> key : provider.get().reportKeys()) {
        Object v = result.extras().get(key.name());
        if (v != null) {
          out.put(key.name(), key.check(v));
        }
      }
    }
    return out;
  }

  /** The training examples {@code result} processed, as its strategy counts them (NaN when unknown). */
  public static double examplesProcessed(TrainingResult result, long rows, double miniBatchFraction) {
    return find(result.strategy()).map(p -> p.examplesProcessed(result, rows, miniBatchFraction))
        .orElse(Double.NaN);
  }

  private static List<StrategyProvider> discovered() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    ClassLoader own = StrategyRegistry.class.getClassLoader();
    List<StrategyProvider> out = new ArrayList<>(load(own));
    if (context != null && context != own) {
      out.addAll(load(context));
    }
    return out;
  }

  private static List<StrategyProvider> load(ClassLoader loader) {
    synchronized (DISCOVERED) {
      List<StrategyProvider> cached = DISCOVERED.get(loader);
      if (cached != null) {
        return cached;
      }
      List<StrategyProvider> found = new ArrayList<>();
      try {
        ServiceLoader.load(StrategyProvider.class, loader).forEach(found::add);
      } catch (ServiceConfigurationError e) {
        throw new IllegalStateException("Cannot load a strategy listed in META-INF/services/"
            + StrategyProvider.class.getName() + ": " + e.getMessage(), e);
      }
      List<StrategyProvider> frozen = Collections.unmodifiableList(found);
      DISCOVERED.put(loader, frozen);
      return frozen;
    }
  }
}
