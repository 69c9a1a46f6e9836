"""Greedy and beam search over a module with blendstream's fuser interface (encode / decode_step with a
stacked key/value cache), written to follow Hugging Face transformers' generate() for T5, as of the
BeamSearchScorer of transformers 4.30:

- greedy: argmax of the last-position logits (first index on ties); a finished row is fed the pad id;
  stop when every row has produced EOS or max_new_tokens tokens were generated.
- beam: beam scores start at 0 for beam 0 and -1e9 for the others; per step log_softmax + beam score,
  top 2*num_beams over num_beams*vocab; an EOS among the first num_beams ranks closes a hypothesis with
  score sum_logprobs / len(hyp)**length_penalty, len(hyp) counting the decoder start token and not the EOS;
  early_stopping=False: a request is done when it has num_beams hypotheses and the worst is >= the best
  running score / cur_len**length_penalty; at max length every open beam is added with its full length;
  the best hypothesis is the highest score, the later one on ties.

Used by tools/fixtures/make_fuser_fixture.py (golden ids) and tools/export/export_genfuser.py.
"""
from typing import List, Tuple

import torch


def empty_past() -> List[torch.Tensor]:
    return [torch.zeros(0), torch.zeros(0)]


def greedy(module, input_ids: torch.Tensor, mask: torch.Tensor, start_id: int, eos_id: int, pad_id: int,
           max_new_tokens: int, use_cache: bool = True) -> List[List[int]]:
    with torch.no_grad():
        enc = module.encode(input_ids, mask)
        b = input_ids.size(0)
        seq = torch.full((b, 1), start_id, dtype=torch.long)
        past = empty_past()
        unfinished = torch.ones(b, dtype=torch.long)
        for _ in range(max_new_tokens):
            step_in = seq[:, -1:] if use_cache else seq
            logits, new_past = module.decode_step(step_in, enc, mask, past if use_cache else empty_past())
            past = new_past
            nxt = torch.argmax(logits[:, -1, :], dim=-1)
            nxt = nxt * unfinished + pad_id * (1 - unfinished)
            seq = torch.cat([seq, nxt[:, None]], dim=-1)
            unfinished = unfinished * (nxt != eos_id).long()
            if int(unfinished.max()) == 0:
                break
        return [strip(row.tolist()[1:], eos_id, pad_id) for row in seq]


def strip(ids: List[int], eos_id: int, pad_id: int) -> List[int]:
    # cut at the first EOS only: a pad id generated mid-sequence is output, as HF keeps it
    out = []
    for t in ids:
        if t == eos_id:
            break
        out.append(t)
    return out


class Hypotheses:
    def __init__(self, num_beams: int, length_penalty: float):
        self.num_beams = num_beams
        self.length_penalty = length_penalty
        self.beams: List[Tuple[float, List[int]]] = []
        self.worst_score = 1e9

    def add(self, hyp: List[int], sum_logprobs: float, length: int):
        score = sum_logprobs / (length ** self.length_penalty)
        if len(self.beams) < self.num_beams or score > self.worst_score:
            self.beams.append((score, hyp))
            if len(self.beams) > self.num_beams:
                ranked = sorted([(s, i) for i, (s, _) in enumerate(self.beams)])
                del self.beams[ranked[0][1]]
                self.worst_score = ranked[1][0]
            else:
                self.worst_score = min(score, self.worst_score)

    def is_done(self, best_sum_logprobs: float, cur_len: int) -> bool:
        if len(self.beams) < self.num_beams:
            return False
        return self.worst_score >= best_sum_logprobs / cur_len ** self.length_penalty

    def best(self) -> List[int]:
        return sorted(self.beams, key=lambda x: x[0]).pop()[1]


def beam_search(module, input_ids: torch.Tensor, mask: torch.Tensor, start_id: int, eos_id: int, pad_id: int,
                max_new_tokens: int, num_beams: int, length_penalty: float) -> List[List[int]]:
    with torch.no_grad():
        b = input_ids.size(0)
        ids = input_ids.repeat_interleave(num_beams, dim=0)
        m = mask.repeat_interleave(num_beams, dim=0)
        enc = module.encode(ids, m)
        seq = torch.full((b * num_beams, 1), start_id, dtype=torch.long)
        beam_scores = torch.zeros((b, num_beams), dtype=torch.float)
        beam_scores[:, 1:] = -1e9
        beam_scores = beam_scores.view(-1)
        hyps = [Hypotheses(num_beams, length_penalty) for _ in range(b)]
        done = [False] * b
        past = empty_past()
        cur_len = 1
        max_length = max_new_tokens + 1
        while True:
            logits, past = module.decode_step(seq[:, -1:], enc, m, past)
            scores = torch.log_softmax(logits[:, -1, :], dim=-1)
            scores = scores + beam_scores[:, None].expand_as(scores)
            vocab = scores.size(-1)
            scores = scores.view(b, num_beams * vocab)
            top_scores, top = torch.topk(scores, 2 * num_beams, dim=1, largest=True, sorted=True)
            top_beams = torch.div(top, vocab, rounding_mode="floor")
            top_tokens = top % vocab
            next_scores = torch.zeros((b, num_beams), dtype=torch.float)
            next_tokens = torch.zeros((b, num_beams), dtype=torch.long)
            next_indices = torch.zeros((b, num_beams), dtype=torch.long)
            for i in range(b):
                if done[i]:
                    next_tokens[i, :] = pad_id
                    next_indices[i, :] = torch.arange(num_beams) + i * num_beams
                    continue
                filled = 0
                for rank in range(2 * num_beams):
                    tok = int(top_tokens[i, rank])
                    row = i * num_beams + int(top_beams[i, rank])
                    if tok == eos_id:
                        if rank >= num_beams:
                            continue
                        hyps[i].add(seq[row].tolist(), float(top_scores[i, rank].item()), len(seq[row]))
                    else:
                        next_scores[i, filled] = top_scores[i, rank]
                        next_tokens[i, filled] = tok
                        next_indices[i, filled] = row
                        filled += 1
                    if filled == num_beams:
                        break
                done[i] = done[i] or hyps[i].is_done(float(top_scores[i].max().item()), cur_len)
            beam_scores = next_scores.view(-1)
            beam_idx = next_indices.view(-1)
            seq = torch.cat([seq[beam_idx, :], next_tokens.view(-1, 1)], dim=-1)
            past = [past[0].index_select(2, beam_idx), past[1]]
            cur_len += 1
            if all(done) or cur_len >= max_length:
                break
        out = []
        for i in range(b):
            if not done[i]:
                for j in range(num_beams):
                    row = i * num_beams + j
                    # transformers >= 4.47 (decoder_prompt_len) does not count the decoder start token here
                    hyps[i].add(seq[row].tolist(), float(beam_scores[row].item()), len(seq[row]) - 1)
            out.append(strip(hyps[i].best()[1:], eos_id, pad_id))
        return out
