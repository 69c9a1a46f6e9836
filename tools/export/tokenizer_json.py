"""tokenizer.json for blendstream from whatever tokenizer a checkpoint has, fast or slow.

blendstream tokenizes in Java with Hugging Face's Rust tokenizers, which read tokenizer.json. A checkpoint with a
fast tokenizer already has one. One with only a slow tokenizer (a SentencePiece model, or vocab.json and
merges.txt), or a machine without the `tokenizers` package, gets it from transformers' own converter,
`convert_slow_tokenizer`, followed by what `PreTrainedTokenizerFast.__init__` does with the slow tokenizer's
added tokens. Either way the exporters check the ids the file gives against the tokenizer they loaded.
"""
import os
import sys


def fast_available():
    from transformers.utils import is_tokenizers_available
    return is_tokenizers_available()


def backend_of(tok):
    """The Rust-side tokenizer object of `tok`, with truncation and padding off (blendstream lays sequences out)."""
    if tok.is_fast:
        from tokenizers import Tokenizer
        backend = Tokenizer.from_str(tok.backend_tokenizer.to_str())
    else:
        from tokenizers import AddedToken
        from transformers.convert_slow_tokenizer import convert_slow_tokenizer
        backend = convert_slow_tokenizer(tok)
        specials = set(tok.all_special_tokens)
        for index, t in sorted(tok.added_tokens_decoder.items()):
            special = bool(t.special) or str(t) in specials
            token = AddedToken(str(t), single_word=t.single_word, lstrip=t.lstrip, rstrip=t.rstrip,
                               normalized=t.normalized and not special, special=special)
            (backend.add_special_tokens if special else backend.add_tokens)([token])
            if backend.token_to_id(str(t)) != index:
                raise ValueError(f"added token {str(t)!r} would get id {backend.token_to_id(str(t))} in "
                                 f"tokenizer.json but has {index} in the checkpoint")
    backend.no_truncation()
    backend.no_padding()
    return backend


def save(tok, path):
    backend_of(tok).save(path)


# Texts where tokenizers built by different converters part ways with SentencePiece: NFKC folding, invisible and
# non-breaking spaces, whitespace runs, accents.
SENTENCEPIECE_PROBES = [
    "What is the capital of France?",
    "Unicode: café, naïve, Straße, Ångström, ½ ﬁ ligature, full-width ＡＢＣ１２３",
    "Zero\u200bwidth and non\u00a0breaking spaces",
    "many     spaces      between    words",
    "tabs\tand\nnew\n\nlines\r\nmixed",
    "  leading and trailing spaces  ",
    "Combining e\u0301 versus precomposed é",
    "Emoji 🙂🚀 and CJK 東京は日本の首都です。",
]


def sentencepiece_model(tok, checkpoint):
    """The SentencePiece model file behind `tok`, if it has one and it is on disk."""
    import glob
    path = getattr(tok, "vocab_file", None)
    if path and str(path).endswith(".model") and os.path.isfile(path):
        return path
    found = sorted(glob.glob(os.path.join(checkpoint, "*.model"))) if os.path.isdir(checkpoint) else []
    return found[0] if found else None


def check_against_sentencepiece(tok, checkpoint, fail):
    """The tokenizer blendstream will run must split text as the model's SentencePiece model does, which is what the
    model was trained on. transformers 5 builds DeBERTa-v2's tokenizer without SentencePiece's NFKC map, so for
    a checkpoint without its own tokenizer.json it parts ways on ligatures, full-width and invisible characters."""
    path = sentencepiece_model(tok, checkpoint)
    if path is None:
        print("no SentencePiece model found beside the checkpoint: tokenizer.json not checked against one",
              file=sys.stderr)
        return
    import sentencepiece
    sp = sentencepiece.SentencePieceProcessor(model_file=path)
    # A fast tokenizer is what tokenizer.json will hold; a slow one is SentencePiece already, and the Java parity
    # tests check the converted file against it.
    backend = backend_of(tok) if tok.is_fast else None
    for text in SENTENCEPIECE_PROBES:
        want = [tok.convert_tokens_to_ids(p) for p in sp.encode(text, out_type=str)]
        got = backend.encode(text, add_special_tokens=False).ids if backend else tok.encode(text, add_special_tokens=False)
        if got != want:
            at = next(i for i, (a, b) in enumerate(zip(got + [None], want + [None])) if a != b)
            fail(f"the tokenizer splits {text!r} differently from {os.path.basename(path)}: from token {at}, "
                 f"{tok.convert_ids_to_tokens(got[at:at + 4])} against {tok.convert_ids_to_tokens(want[at:at + 4])}; "
                 "transformers 4.47's converter keeps SentencePiece's normalisation and writes a faithful "
                 "tokenizer.json (README.md)")
