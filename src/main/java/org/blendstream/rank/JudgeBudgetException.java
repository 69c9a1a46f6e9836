package org.blendstream.rank;

/**
 * A set's judge ran out of its time budget or its call budget; the set is ranked by the ensemble
 * instead.
 */
final class JudgeBudgetException extends RuntimeException {

  JudgeBudgetException(String message) {
    super(message);
  }
}
