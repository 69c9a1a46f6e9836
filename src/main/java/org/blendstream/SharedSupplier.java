package org.blendstream;

import java.util.function.Supplier;

/**
 * Hands out per-task instances (rankers, fusion steps) over something loaded once, such as model
 * weights, and frees that when the app closes.
 */
public interface SharedSupplier<T> extends Supplier<T>, AutoCloseable {

  @Override
  void close();

  static <T> SharedSupplier<T> of(Supplier<T> supplier, AutoCloseable shared) {
    return new SharedSupplier<>() {
      @Override
      public T get() {
        return supplier.get();
      }

      @Override
      public void close() {
        try {
          shared.close();
        } catch (Exception e) {
          throw new IllegalStateException("cannot release " + shared, e);
        }
      }
    };
  }

  /** Nothing shared to free: each instance owns what it holds. */
  static <T> SharedSupplier<T> unshared(Supplier<T> supplier) {
    return of(supplier, () -> {});
  }
}
