"""An encrypted log is told from a plain one by its bytes, for the command that would otherwise
show figures to someone without the fund's key (CI once drew a nonce beginning with `{`)."""

from __future__ import annotations

import json

from eventsourcing.cipher import AESCipher
from eventsourcing.utils import Environment
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.store.probe import looks_plain


def cipher() -> AESCipher:
    return AESCipher(Environment(env={"CIPHER_KEY": AESCipher.create_key(32)}))


@settings(max_examples=300)
@given(st.dictionaries(st.text(), st.text()), st.sampled_from([b"{", b" {", b"\n{"]))
def test_ciphertext_is_never_taken_for_plain_json_even_when_it_begins_with_a_brace(state, start):
    sealed = cipher().encrypt(json.dumps(state).encode())
    assert not looks_plain(sealed)
    assert not looks_plain(start + sealed[len(start):])


@given(st.dictionaries(st.text(), st.text()))
def test_plain_json_and_an_edited_plain_record_are_plain(state):
    written = json.dumps(state, ensure_ascii=False).encode()
    assert looks_plain(written)
    assert looks_plain(written.replace(b"}", b"1}", 1))
