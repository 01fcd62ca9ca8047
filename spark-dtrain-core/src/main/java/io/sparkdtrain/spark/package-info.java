/** Spark settings for the library: the Kryo registrator for every class shipped between JVMs. */
package io.sparkdtrain.spark;
