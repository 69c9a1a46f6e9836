package org.blendstream.rank;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.blendstream.avro.CandidateSet;

/**
 * Not a test: prints the lexical consensus's ms per set for N candidates of W words each (random
 * words of a 5,000-word vocabulary), after a warm-up. After {@code mvn -q -o -B package
 * -DskipTests} and {@code test-compile}: {@code java -cp target/blendstream.jar:target/test-classes
 * org.blendstream.rank.SignalTiming 8 2000}.
 */
public final class SignalTiming {

  private SignalTiming() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int words = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    Random random = new Random(1);
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder b = new StringBuilder();
      for (int w = 0; w < words; w++) {
        b.append("word")
            .append((int) Math.abs(random.nextGaussian() * 1000) % 5000)
            .append(w % 17 == 0 ? ". " : " ");
      }
      answers.add(b.toString());
    }
    CandidateSet set = TestSets.set("timing", null, answers);
    for (CandidateSignal signal : List.of(new LexicalConsensus(), new BoundedLength())) {
      for (int warm = 0; warm < 300; warm++) {
        signal.score(set);
      }
      int reps = 200;
      long began = System.nanoTime();
      for (int r = 0; r < reps; r++) {
        signal.score(set);
      }
      System.out.printf(
          "%s: %.3f ms per set of %d candidates x %d words%n",
          signal.name(), (System.nanoTime() - began) / 1e6 / reps, n, words);
    }
  }
}
