"""The workspace's test tree (tests/branch/conftest.py) with a 1+10 roster: 东一 (east) serves
two residents, 西一 (west) one; the phones are distinctive so a leak is found by substring."""

from types import SimpleNamespace

import pytest

from tests.branch.conftest import signed_in, tree  # noqa: F401

E1_PHONE, E1_MASKED = "13812345678", "138****5678"
E1B_PHONE, E1B_MASKED = "13987654321", "139****4321"
W1_PHONE, W1_MASKED = "13711112222", "137****2222"


@pytest.fixture
def roster(tree):  # noqa: F811
    from learning.residents.services import resident_create

    r = SimpleNamespace(tree=tree)
    r.e1a = resident_create(member=tree.e1, name="张大娘", place="一网格 3号楼", phone=E1_PHONE)
    r.e1b = resident_create(
        member=tree.e1, name="刘家", place="一网格 5号楼", phone=E1B_PHONE, kind="household"
    )
    r.w1 = resident_create(member=tree.w1, name="王大爷", place="西村 2组", phone=W1_PHONE)
    return r
