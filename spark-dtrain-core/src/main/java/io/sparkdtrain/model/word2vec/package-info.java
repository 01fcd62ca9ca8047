/**
 * Skip-gram word2vec with negative sampling (Mikolov, Sutskever, Chen, Corrado and Dean,
 * "Distributed Representations of Words and Phrases and their Compositionality", NIPS 2013; the
 * reference implementation is the authors' {@code word2vec.c}): the vocabulary
 * ({@link io.sparkdtrain.model.word2vec.Vocabulary}), frequent-word subsampling
 * ({@link io.sparkdtrain.model.word2vec.Subsampler}), the unigram^0.75 negative table
 * ({@link io.sparkdtrain.model.word2vec.NegativeTable}), the two embedding tables
 * ({@link io.sparkdtrain.model.word2vec.EmbeddingTables}), the SGNS step
 * ({@link io.sparkdtrain.model.word2vec.SkipGramStep}), a single-threaded trainer
 * ({@link io.sparkdtrain.model.word2vec.SkipGramTrainer}), a seeded corpus generator with planted
 * synonyms ({@link io.sparkdtrain.model.word2vec.ZipfSentences}) and the evaluations
 * ({@link io.sparkdtrain.model.word2vec.WordVectors}, {@link io.sparkdtrain.model.word2vec.SimilarityEval},
 * {@link io.sparkdtrain.model.word2vec.AnalogyEval}). Pure Java; nothing here imports Spark.
 */
package io.sparkdtrain.model.word2vec;
