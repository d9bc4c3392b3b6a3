from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Literal

import numpy as np

from ._eig import InfeasibleError as InfeasibleError

__all__ = [
    "InfeasibleError",
    "capacitated_assignment",
    "check_stability",
    "hospital_residents",
    "hospital_residents_arrays",
    "hospital_residents_table",
    "linear_sum_assignment",
]

def linear_sum_assignment(cost_matrix: Any, maximize: bool = False) -> tuple[np.ndarray, np.ndarray]: ...
def hospital_residents(
    residents: Mapping[Hashable, Sequence[Hashable]],
    hospitals: Mapping[Hashable, Sequence[Hashable]],
    capacities: Mapping[Hashable, int],
    optimal: Literal["resident", "residents", "hospital", "hospitals"] = "resident",
) -> dict[Hashable, list[Hashable]]: ...
def capacitated_assignment(
    agents: Any,
    tasks: Any,
    costs: Any,
    demand: Sequence[int],
    max_load: Sequence[int],
    min_load: Sequence[int] | None = None,
    forced: Sequence[tuple[int, int]] = (),
    maximize: bool = False,
) -> tuple[np.ndarray, np.ndarray]: ...
def check_stability(
    residents: Mapping[Hashable, Sequence[Hashable]],
    hospitals: Mapping[Hashable, Sequence[Hashable]],
    capacities: Mapping[Hashable, int],
    matching: Mapping[Hashable, Sequence[Hashable]],
) -> list[tuple[Hashable, Hashable]]: ...
def hospital_residents_arrays(
    resident: Any,
    hospital: Any,
    resident_rank: Any,
    hospital_rank: Any,
    capacities: Any,
    optimal: Literal["resident", "residents", "hospital", "hospitals"] = "resident",
    n_residents: int | None = None,
) -> np.ndarray: ...
def hospital_residents_table(
    table: Any,
    capacities: Mapping[Hashable, int] | Any,
    optimal: Literal["resident", "residents", "hospital", "hospitals"] = "resident",
    resident: str = "resident",
    hospital: str = "hospital",
    resident_rank: str = "resident_rank",
    hospital_rank: str = "hospital_rank",
) -> dict[str, np.ndarray]: ...
