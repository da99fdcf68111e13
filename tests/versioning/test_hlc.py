import pytest

from icati_desktop.versioning.hlc import HybridLogicalClock, Timestamp


class FakeWall:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_ticks_increase_while_the_wall_clock_stands_still_or_goes_back() -> None:
    wall = FakeWall(1_000)
    clock = HybridLogicalClock(Timestamp(0, 0), wall)
    stamps = [clock.tick()]
    stamps.append(clock.tick())
    wall.ms = 500  # the system clock jumps back
    stamps.append(clock.tick())
    wall.ms = 2_000
    stamps.append(clock.tick())
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
    assert stamps[2] == Timestamp(1_000, 2)
    assert stamps[3] == Timestamp(2_000, 0)


def test_observing_a_remote_clock_moves_past_it() -> None:
    clock = HybridLogicalClock(Timestamp(1_000, 4), FakeWall(900))
    merged = clock.observe(Timestamp(5_000, 7))
    assert merged == Timestamp(5_000, 8)
    assert clock.tick() > merged
    assert HybridLogicalClock(Timestamp(5_000, 9), FakeWall(0)).observe(Timestamp(5_000, 2)) == (
        Timestamp(5_000, 10)
    )
    assert HybridLogicalClock(Timestamp(1, 0), FakeWall(9_000)).observe(Timestamp(5, 5)) == (
        Timestamp(9_000, 0)
    )


@pytest.mark.parametrize("bad", [[1], [1, -1], ["1", 2], [True, 1], "1:2"])
def test_malformed_clock_values_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="HLC"):
        Timestamp.from_json(bad)
