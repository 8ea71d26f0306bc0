"""hiringsim's seed sequences (:mod:`hiringsim._seed_jit`) against numpy's ``SeedSequence``:
the same words, so every stream draws what it drew when numpy seeded it."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiringsim._seed_jit import Seed
from hiringsim.model.crn import key_of, stream_key
from hiringsim.rng import Streams, seed_words

#: entropies and spawn-key entries of every width the model uses (seeds below 2**63,
#: replications, crc32 of names, tags) and wider
WORD = st.one_of(st.integers(0, 3), st.integers(0, 2**32 - 1), st.integers(0, 2**64 - 1),
                 st.integers(0, 2**130))


@settings(max_examples=400, deadline=None)
@given(entropy=WORD, spawn_key=st.lists(WORD, max_size=7).map(tuple), n=st.integers(1, 9),
       pool=st.sampled_from([4, 4, 4, 5, 8]))
def test_seed_words_are_numpys(entropy: int, spawn_key: tuple[int, ...], n: int,
                               pool: int) -> None:
    np.testing.assert_array_equal(
        seed_words(entropy, spawn_key, n, pool_size=pool),
        np.random.SeedSequence(entropy, spawn_key=spawn_key, pool_size=pool).generate_state(n))
    want = np.random.SeedSequence(entropy, spawn_key=spawn_key)
    seed = Seed(entropy, spawn_key)
    for dtype in (np.uint32, np.uint64, "uint64"):
        got = seed.generate_state(n, dtype)
        assert got.dtype == want.generate_state(n, dtype).dtype
        np.testing.assert_array_equal(got, want.generate_state(n, dtype))


def test_streams_draw_what_numpy_seeded_streams_draw() -> None:
    streams = Streams(2017, 5)
    for names in [("officer", "arrivals"), ("support", "attrition", "initial"), ("inputs",)]:
        seq = np.random.SeedSequence(2017, spawn_key=streams.spawn_key(*names))
        want = np.random.Generator(np.random.PCG64(seq))
        got = streams(*names)
        assert got is streams(*names)  # one generator a stream
        np.testing.assert_array_equal(got.random(50), want.random(50))
        np.testing.assert_array_equal(got.poisson(400.0, 20), want.poisson(400.0, 20))
        # a stream's by-applicant key: the same from the generator and from the names
        child = np.random.SeedSequence(2017, spawn_key=(*streams.spawn_key(*names), 7))
        assert key_of(got, 7) == stream_key(streams, *names, tag=7) == int(
            child.generate_state(1, np.uint64)[0])


def test_key_of_a_numpy_generator_with_a_larger_pool() -> None:
    """A generator seeded by numpy with another pool size keeps numpy's key (the compiled words
    mix a pool of its size)."""
    seq = np.random.SeedSequence(5, spawn_key=(1, 2), pool_size=8)
    gen = np.random.Generator(np.random.PCG64(seq))
    child = np.random.SeedSequence(5, spawn_key=(1, 2, 9), pool_size=8)
    assert key_of(gen, 9) == int(child.generate_state(1, np.uint64)[0])
    default = np.random.Generator(np.random.PCG64(np.random.SeedSequence(5, spawn_key=(1, 2))))
    assert key_of(default, 9) != key_of(gen, 9)


def test_a_stream_pickles_with_its_seed() -> None:
    gen = Streams(11, 2)("officer", "academy")
    gen.random(3)
    back = pickle.loads(pickle.dumps(gen))
    np.testing.assert_array_equal(back.random(10), gen.random(10))
    seq = back.bit_generator.seed_seq
    assert (seq.entropy, seq.spawn_key) == (11, Streams(11, 2).spawn_key("officer", "academy"))


def test_seed_refuses_what_numpy_refuses() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        seed_words(-1, (), 1)
    with pytest.raises(TypeError, match="uint32 or uint64"):
        Seed(1, ()).generate_state(2, np.int64)
