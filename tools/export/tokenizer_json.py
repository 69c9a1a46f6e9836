"""tokenizer.json for blendstream from whatever tokenizer a checkpoint has, fast or slow.

blendstream tokenizes in Java with Hugging Face's Rust tokenizers, which read tokenizer.json. A checkpoint with a
fast tokenizer already has one. One with only a slow tokenizer (a SentencePiece model, or vocab.json and
merges.txt), or a machine without the `tokenizers` package, gets it from transformers' own converter,
`convert_slow_tokenizer`, followed by what `PreTrainedTokenizerFast.__init__` does with the slow tokenizer's
added tokens. Either way the exporters check the ids the file gives against the tokenizer they loaded.
"""


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
