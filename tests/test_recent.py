"""cvld.core.recent.Recent: the bounded table the checks keep their last expansions and walks in."""

from cvld.core.recent import Recent


def test_keeps_the_last_entries_oldest_let_go_first():
    table = Recent(2)
    assert table.keep("a", 1) == 1
    table.keep("b", 2)
    table.keep("c", 3)
    assert dict(table) == {"b": 2, "c": 3}


def test_keeping_a_key_again_makes_it_the_newest():
    table = Recent(2)
    table.keep("a", 1)
    table.keep("b", 2)
    table.keep("a", 10)  # replaced: now the newest, so "b" goes first
    table.keep("c", 3)
    assert dict(table) == {"a": 10, "c": 3}
