/**
 * The Spark side of skip-gram word2vec (Mikolov et al. 2013): {@link io.sparkdtrain.word2vec.Word2VecTraining}
 * counts the vocabulary with a Spark job, encodes and caches the sentences, and trains the pure-Java
 * core ({@code io.sparkdtrain.model.word2vec}) with one of three strategies: Hogwild! (Niu et al.
 * 2011; the task threads of an executor share both tables), Local SGD (Stich 2019; each partition
 * trains a private copy, the driver averages the changed rows weighted by their update counts) and
 * sync (the partitions' changes of one mini-batch each, computed from the same tables, summed).
 */
package io.sparkdtrain.word2vec;
