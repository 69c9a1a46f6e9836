import java.util.*;
import org.blendstream.avro.*;
import org.blendstream.eval.JudgedDataset;
import org.blendstream.rank.*;

/** Median time of the shipped ensemble's scores over every set of the bundled sample (8 candidates each). */
public class EnsembleTiming {
  public static void main(String[] a) {
    List<CandidateSet> sets = new ArrayList<>();
    for (JudgedDataset.Item item : JudgedDataset.bundledSample()) {
      List<Candidate> cs = new ArrayList<>();
      for (JudgedDataset.Judged j : item.candidates().subList(0, Math.min(8, item.candidates().size()))) {
        cs.add(Candidate.newBuilder().setRequestId("q").setModel(j.model()).setText(j.text()).setCreatedAt(0L).build());
      }
      Request r = Request.newBuilder().setRequestId("q").setInstruction(item.instruction()).setCreatedAt(0L).build();
      sets.add(CandidateSet.newBuilder().setRequestId("q").setRequest(r).setCandidates(cs).setComplete(true)
          .setFirstArrivalAt(0L).setAssembledAt(0L).setReason(AssemblyReason.ALL_ARRIVED).build());
    }
    EnsembleRanker e = new EnsembleRanker(EnsembleWeights.shipped(), Map.of(BoundedLength.NAME, new BoundedLength(),
        LexicalConsensus.NAME, new LexicalConsensus(), PriorSignal.NAME, ModelPrior.shipped()));
    double sink = 0;
    double[] us = new double[41];
    for (int pass = -40; pass < us.length; pass++) {
      long t = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      for (CandidateSet s : sets) sink += e.scores(s)[0];
      if (pass >= 0) us[pass] = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - t) / 1e3 / sets.size();
    }
    Arrays.sort(us);
    System.out.printf("%d sets: median %.1f CPU us/set (p10 %.1f, p90 %.1f) %s%n", sets.size(), us[20], us[4], us[36], sink == 0 ? "" : "");
  }
}
