"""What the TorchScript exporters share: right-padded batches as blendstream builds them, and the check of a traced
module against the eager model, row by row without padding, in batches of several sizes and at other lengths than
the trace was made at (a length or batch size baked into the graph, or padding that moves a result, shows up here)."""
import torch


def pad_batch(rows, pad_id, device):
    width = max(len(r) for r in rows)
    ids = torch.tensor([r + [pad_id] * (width - len(r)) for r in rows], device=device)
    mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows], device=device)
    return ids, mask


def worst_difference(traced, rows, pad_id, device, eager_one, fail):
    """max |traced - eager| over three batchings of `rows`; `eager_one(row)` is the reference for one row."""
    worst = 0.0
    for batch in (rows, rows[::-1][:3], rows[2:3]):
        bi, bm = pad_batch(batch, pad_id, device)
        eager = torch.stack([eager_one(r) for r in batch]).float()
        got = traced(bi, bm).float()
        if got.shape != eager.shape:
            fail(f"TorchScript output shape {tuple(got.shape)} != eager {tuple(eager.shape)}")
        worst = max(worst, (got - eager).abs().max().item())
    return worst
