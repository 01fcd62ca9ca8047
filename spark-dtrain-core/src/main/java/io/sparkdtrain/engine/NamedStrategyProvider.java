package io.sparkdtrain.engine;

import java.util.List;

/**
 * A {@link StrategyProvider} whose name, description, compare syntax and setting keys are given once,
 * to the constructor; a subclass writes {@link #create} and what else it adds (report keys, Kryo
 * classes, a compare variant, the examples processed).
 */
public abstract class NamedStrategyProvider implements StrategyProvider {
  private final String name;
  private final String description;
  private final String compareSyntax;
  private final List<String> settingKeys;

  /**
   * @param compareSyntax how {@code dtrain compare} writes it; null = the default
   *     {@code NAME[:KEY=VALUE[+KEY=VALUE...]]}
   * @param settingKeys the setting keys it reads
   */
  protected NamedStrategyProvider(String name, String description, String compareSyntax, String... settingKeys) {
    this.name = name;
    this.description = description;
    this.compareSyntax = compareSyntax;
    this.settingKeys = List.of(settingKeys);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final String compareSyntax() {
    return compareSyntax == null ? StrategyProvider.super.compareSyntax() : compareSyntax;
  }

  @Override
  public final List<String> settingKeys() {
    return settingKeys;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + name + ")";
  }
}
