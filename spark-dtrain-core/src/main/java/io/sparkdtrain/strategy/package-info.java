/**
 * Training strategies, one sub-package each, every one behind
 * {@link io.sparkdtrain.engine.TrainingStrategy} and driven by
 * {@link io.sparkdtrain.engine.TrainingLoop}: {@code sync} (synchronous SGD, Zinkevich et al. 2010,
 * the baseline the others are measured against), {@code local} (Local SGD, Stich 2019; Lin et al.
 * 2020), {@code async} (asynchronous parameter server, Ho et al. 2013; Zheng et al. 2017),
 * {@code hogwild} (Niu et al. 2011) and {@code fedavg} (McMahan et al. 2017; Li et al. 2020). Each
 * sub-package holds the strategy's config, its driver-side class, its executor-side worker and its
 * {@link io.sparkdtrain.engine.StrategyProvider}; {@link io.sparkdtrain.strategy.StrategyRegistry}
 * lists them and discovers more through {@link java.util.ServiceLoader}.
 */
package io.sparkdtrain.strategy;
