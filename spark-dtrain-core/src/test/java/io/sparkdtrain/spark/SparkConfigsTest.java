package io.sparkdtrain.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.esotericsoftware.kryo.Kryo;
import io.sparkdtrain.model.linear.ModelShape;
import java.nio.ByteBuffer;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoRegistrator;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

/**
 * {@link SparkConfigs#applyKryo} keeps the user's Kryo settings: a user's registrator list gets
 * ours appended (and both run: a real {@link KryoSerializer} with registration required
 * round-trips a class only the user's registrator knows and one only ours knows), and user options
 * ({@code registrationRequired}, the serializer, buffer sizes) are not reset.
 */
class SparkConfigsTest {

  /** A class only {@link UserRegistrator} registers. */
  public static final class UserPayload implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public int value;
  }

  /** Stands for an application's own registrator. */
  public static final class UserRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
      kryo.register(UserPayload.class);
    }
  }

  @Test
  void appendsOurRegistratorToTheUsersListAndBothRun() {
    SparkConf conf = new SparkConf(false).set("spark.kryo.registrator", UserRegistrator.class.getName())
        .set("spark.kryo.registrationRequired", "true");
    SparkConfigs.applyKryo(conf, false);
    assertEquals(UserRegistrator.class.getName() + "," + DtrainKryoRegistrator.class.getName(),
        conf.get("spark.kryo.registrator"));
    assertEquals("true", conf.get("spark.kryo.registrationRequired"), "the user's strict setting stays");

    SerializerInstance kryo = new KryoSerializer(conf).newInstance();
    UserPayload payload = new UserPayload();
    payload.value = 7;
    ByteBuffer bytes = kryo.serialize(payload, ClassTag$.MODULE$.apply(UserPayload.class));
    assertEquals(7, ((UserPayload) kryo.deserialize(bytes, ClassTag$.MODULE$.apply(UserPayload.class))).value);
    ModelShape shape = new ModelShape(5, 1, true);
    ByteBuffer shapeBytes = kryo.serialize(shape, ClassTag$.MODULE$.apply(ModelShape.class));
    assertInstanceOf(ModelShape.class, kryo.deserialize(shapeBytes, ClassTag$.MODULE$.apply(ModelShape.class)));
  }

  @Test
  void neverResetsUserKryoOptions() {
    SparkConf conf = new SparkConf(false).set("spark.serializer", "org.apache.spark.serializer.JavaSerializer")
        .set("spark.kryo.registrationRequired", "false").set("spark.kryoserializer.buffer.max", "256m")
        .set("spark.kryo.referenceTracking", "false");
    SparkConfigs.applyKryo(conf, true);
    assertEquals("org.apache.spark.serializer.JavaSerializer", conf.get("spark.serializer"));
    assertEquals("false", conf.get("spark.kryo.registrationRequired"));
    assertEquals("256m", conf.get("spark.kryoserializer.buffer.max"));
    assertEquals("false", conf.get("spark.kryo.referenceTracking"));
    assertEquals(DtrainKryoRegistrator.class.getName(), conf.get("spark.kryo.registrator"));
  }

  @Test
  void fillsInWhatIsMissingAndAppendsOnce() {
    SparkConf conf = SparkConfigs.applyKryo(new SparkConf(false), true);
    assertEquals("org.apache.spark.serializer.KryoSerializer", conf.get("spark.serializer"));
    assertEquals("true", conf.get("spark.kryo.registrationRequired"));
    SparkConfigs.applyKryo(conf, false);
    assertEquals(DtrainKryoRegistrator.class.getName(), conf.get("spark.kryo.registrator"),
        "applying twice lists our registrator once");
    assertEquals("true", conf.get("spark.kryo.registrationRequired"));
  }
}
