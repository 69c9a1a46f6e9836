package org.blendstream.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blendstream.rank.MaxWins;
import org.blendstream.rank.Ranking;

/**
 * LLM-Blender's MixInstruct (huggingface.co/datasets/llm-blender/mix-instruct): a JSON array or
 * JSON lines of {@code {id, instruction, input, output, candidates: [{model, decoding_method, text,
 * scores: {metric: value}}], cmp_results}}. {@code cmp_results} maps {@code "modelA,modelB"} to
 * ChatGPT's verdict, {@code "A is better"}, {@code "B is better"}, {@code "Same good"} or {@code
 * "Same bad"}; the Hugging Face copy stores it as a JSON string, and examples without verdicts hold
 * null or an empty object.
 *
 * <p>The verdicts become a matrix as LLM-Blender's {@code get_ranks_from_chatgpt_cmps} builds it (A
 * better: +1 for A over B and −1 back; same good: +0.5 both ways; same bad: −0.5 both ways), and
 * the oracle ranking is MaxWins over that matrix, as the paper's GPT-Rank is, with tied candidates
 * sharing the better rank as LLM-Blender's {@code get_ranks_from_scores} does.
 */
public final class MixInstruct {

  private static final ObjectMapper JSON = new ObjectMapper();

  public record Candidate(String model, String text, Map<String, Double> scores) {}

  /**
   * {@code verdicts} is the N×N matrix in candidate order, or null when the example carries no
   * verdict.
   */
  public record Example(
      String id,
      String instruction,
      String input,
      String output,
      List<Candidate> candidates,
      Double[][] verdicts) {

    public List<String> models() {
      return candidates.stream().map(Candidate::model).toList();
    }

    /**
     * 1-based oracle rank of each candidate by MaxWins over the verdicts; null without verdicts.
     */
    public int[] oracleRanks() {
      if (verdicts == null) {
        return null;
      }
      double[] wins = new MaxWins().scores(verdicts);
      return Ranking.byScores(models(), verdicts, wins, true, MaxWins.NAME).ranks();
    }
  }

  private MixInstruct() {}

  public static List<Example> readAll(List<Path> files) {
    List<Example> all = new ArrayList<>();
    files.forEach(f -> all.addAll(read(f)));
    return all;
  }

  public static List<Example> read(Path file) {
    List<Example> out = new ArrayList<>();
    try (BufferedReader r = DatasetFormat.reader(file)) {
      if (DatasetFormat.startsWithArray(r)) {
        JsonNode array = JSON.readTree(r);
        int k = 0;
        for (JsonNode o : array) {
          out.add(parse(o, file + " element " + k++));
        }
      } else {
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
          n++;
          if (!line.isBlank()) {
            out.add(parse(JSON.readTree(line), file + " line " + n));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read MixInstruct file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    return out;
  }

  static Example parse(JsonNode o, String where) throws IOException {
    String id = required(o, "id", where).asText();
    JsonNode cands = required(o, "candidates", where);
    List<Candidate> candidates = new ArrayList<>();
    for (JsonNode c : cands) {
      Map<String, Double> scores = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = c.path("scores").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        scores.put(e.getKey(), e.getValue().asDouble());
      }
      candidates.add(
          new Candidate(
              required(c, "model", where).asText(), required(c, "text", where).asText(), scores));
    }
    JsonNode cmp = o.get("cmp_results");
    if (cmp != null && cmp.isTextual()) {
      cmp = cmp.asText().isBlank() ? null : JSON.readTree(cmp.asText());
    }
    Double[][] verdicts =
        cmp == null || cmp.isNull() || cmp.isEmpty() ? null : verdicts(cmp, candidates, id);
    return new Example(
        id,
        o.path("instruction").asText(""),
        o.hasNonNull("input") ? o.get("input").asText() : null,
        o.hasNonNull("output") ? o.get("output").asText() : null,
        candidates,
        verdicts);
  }

  private static Double[][] verdicts(JsonNode cmp, List<Candidate> candidates, String id) {
    List<String> models = candidates.stream().map(Candidate::model).toList();
    int n = models.size();
    Double[][] m = new Double[n][n];
    for (Double[] row : m) {
      java.util.Arrays.fill(row, 0.0);
    }
    Iterator<Map.Entry<String, JsonNode>> it = cmp.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      int comma = e.getKey().indexOf(',');
      int i = comma < 0 ? -1 : models.indexOf(e.getKey().substring(0, comma));
      int j = comma < 0 ? -1 : models.indexOf(e.getKey().substring(comma + 1));
      if (i < 0 || j < 0) {
        throw new IllegalArgumentException(
            "example "
                + id
                + ": cmp_results key '"
                + e.getKey()
                + "' does not name two of its candidates' models "
                + models);
      }
      switch (e.getValue().asText()) {
        case "A is better" -> {
          m[i][j] += 1;
          m[j][i] -= 1;
        }
        case "B is better" -> {
          m[i][j] -= 1;
          m[j][i] += 1;
        }
        case "Same good" -> {
          m[i][j] += 0.5;
          m[j][i] += 0.5;
        }
        case "Same bad" -> {
          m[i][j] -= 0.5;
          m[j][i] -= 0.5;
        }
        default ->
            throw new IllegalArgumentException(
                "example "
                    + id
                    + ": cmp_results['"
                    + e.getKey()
                    + "'] is '"
                    + e.getValue().asText()
                    + "'; expected A is better, B is better, Same good or Same bad");
      }
    }
    return m;
  }

  private static JsonNode required(JsonNode o, String field, String where) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(
          where
              + ": no '"
              + field
              + "' (MixInstruct needs id, candidates[{model, text,"
              + " scores}], cmp_results)");
    }
    return v;
  }
}
