"""Cost model: P10/P50/P90 of the total repair price (incl. call-out fee) from price records.

Two stages, both on log price:
1. A shrunken category x symptom mean (empirical Bayes: a cell with few records leans on its
   category, a category with few records on all records). This makes a symptom that the records
   say is dearer come out dearer, even with a handful of records.
2. HistGradientBoostingRegressor(loss="quantile") per quantile on the residual, from category,
   symptom, brand, age, region (first two postcode digits) and recency. The age of synthetic demo
   records is hidden (NaN): generated data must not teach an age effect.
3. Conformalised quantile regression (CQR, asymmetric, in log space): P10 and P90 are moved by the
   90 % quantile of how far the calibration records fall outside them, so that each tail holds
   ~10 % of new prices and P10-P90 covers ~80 %. The calibration records are a hash split of the
   training records (ml/training.py), not used to fit stages 1-2.
Price quantiles are exp(stage 1 + stage 2 (+ CQR)): quantiles survive the monotone log transform.

Consumer-reported records (origin consumer) weigh CONSUMER_WEIGHT in stages 1 and 2 and are not
used to calibrate the bands: nobody vouches for them, so many of them must not outvote a few
repairers' records (prices.services already leaves out those far outside the trusted band).
"""

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor
from threadpoolctl import threadpool_limits

from ml.text import fold

QUANTILES = (0.1, 0.5, 0.9)
# Outcomes whose total is the price of a repair: carried out, or quoted and declined.
# Not-repairable records only bill the diagnosis, so they say nothing about the repair price.
PRICED_OUTCOMES = ("repaired", "quote_declined")
MIN_RECORDS = 30
MIN_CATEGORY_RECORDS = 5
SHRINKAGE_RECORDS = 5.0  # pseudo-records pulling a cell toward its parent mean
MAX_CATEGORIES_PER_FEATURE = 250  # HistGradientBoosting allows at most 255 categories per feature
TOP_BRANDS = 60
EPOCH = np.datetime64("2000-01-01")
FOREST_MAX_ROWS = 64  # see raw_predictions
FEATURES = ("category", "symptom", "brand", "age_years", "region", "years_since_2000")
TAIL_SHARE = 0.1  # below P10 and above P90 each
MIN_CALIBRATION_RECORDS = 20
SYNTHETIC = "synthetic"
CONSUMER = "consumer"
# A consumer's report counts as a fifth of a repairer's record: anonymous and unverified; 600
# reports from one attacker then weigh like 120 records, not 600.
CONSUMER_WEIGHT = 0.2


def priced_records(frame: pd.DataFrame) -> pd.DataFrame:
    """The records that carry a repair price, with a `region` column (contract: region or
    postcode_region)."""
    if frame.empty:
        return frame.assign(region=pd.Series(dtype=str))
    priced = frame[frame["outcome"].isin(PRICED_OUTCOMES) & (frame["total_eur"] > 0)].copy()
    region = priced["region"] if "region" in priced else priced.get("postcode_region", "")
    priced["region"] = pd.Series(region, index=priced.index).fillna("").astype(str)
    priced["symptom"] = priced["symptom"].fillna("").astype(str)
    priced["brand"] = priced["brand"].fillna("").astype(str)
    return priced.reset_index(drop=True)


def _folded(brands: pd.Series) -> pd.Series:
    """Brands folded and stripped, folding each distinct brand once (1M records, few brands)."""
    distinct = brands.unique()
    return brands.map(dict(zip(distinct, (fold(b).strip() for b in distinct), strict=True)))


def _codes(values: pd.Series, top: int) -> dict[str, int]:
    return {name: i for i, name in enumerate(values.value_counts().index[:top])}


def cost_model_fit(frame: pd.DataFrame, *, calibration: np.ndarray) -> dict | None:
    """Fit the cost model on priced records (see `priced_records`) outside `calibration` and its
    conformal widening on those inside; None if there are too few records.

    With fewer than MIN_CALIBRATION_RECORDS calibration records, all records are fitted and the
    bands stay those of the quantile regressors (widening 0).
    """
    if len(frame) < MIN_RECORDS:
        return None
    calibration = np.asarray(calibration, dtype=bool)
    held = frame[calibration]
    fit = frame[~calibration]
    if len(held) < MIN_CALIBRATION_RECORDS or len(fit) < MIN_RECORDS:
        held, fit = frame.iloc[:0], frame
    model = _stages_fit(fit.reset_index(drop=True))
    model["conformal"] = _conformal_fit(model, held)
    return model


def record_weights(frame: pd.DataFrame) -> np.ndarray:
    """Each record's weight in the fit: CONSUMER_WEIGHT for consumer reports, else 1."""
    if "origin" not in frame:
        return np.ones(len(frame))
    return np.where(frame["origin"].to_numpy() == CONSUMER, CONSUMER_WEIGHT, 1.0)


def _conformal_fit(model: dict, held: pd.DataFrame) -> dict:
    """Log-space amounts by which P10 is lowered and P90 raised (negative = narrowed): the
    finite-sample (1 - TAIL_SHARE) quantile of the calibration records' conformity scores.
    Consumer reports are left out: they must not widen or narrow the bands."""
    if "origin" in held:
        held = held[held["origin"] != CONSUMER]
    if held.empty:
        return {"p10": 0.0, "p90": 0.0, "n": 0}
    y = np.log(held["total_eur"].to_numpy(float))
    log_q = stage_one(model, held["category"].tolist(), held["symptom"].tolist())[
        :, None
    ] + raw_predictions(model, _frame_features(model, held))
    n = len(y)
    level = min(1.0, np.ceil((n + 1) * (1 - TAIL_SHARE)) / n)
    return {
        "p10": float(np.quantile(log_q[:, 0] - y, level, method="higher")),
        "p90": float(np.quantile(y - log_q[:, -1], level, method="higher")),
        "n": n,
    }


def _frame_features(model: dict, frame: pd.DataFrame) -> np.ndarray:
    ages = frame["age_years"].to_numpy(float)
    if "origin" in frame:
        ages = np.where(frame["origin"].to_numpy() == SYNTHETIC, np.nan, ages)
    return cost_features(
        model,
        categories=frame["category"].tolist(),
        symptoms=frame["symptom"].tolist(),
        brands=frame["brand"].tolist(),
        ages=ages,
        regions=frame["region"].tolist(),
        dates=frame["repaired_on"].to_numpy("datetime64[D]"),
    )


def _stages_fit(frame: pd.DataFrame) -> dict:
    y = np.log(frame["total_eur"].to_numpy(float))
    weight = record_weights(frame)
    overall = float(np.average(y, weights=weight))
    # Weighted sums and counts: a record of weight w counts as w records in the shrinkage.
    weighted = pd.DataFrame(
        {"c": frame["category"].to_numpy(), "s": frame["symptom"].to_numpy(), "wy": weight * y,
         "w": weight}
    )  # fmt: skip
    by_category = weighted.groupby("c")[["wy", "w"]].sum()
    category_mean = (by_category["wy"] + SHRINKAGE_RECORDS * overall) / (
        by_category["w"] + SHRINKAGE_RECORDS
    )
    cells = weighted.groupby(["c", "s"])[["wy", "w"]].sum()
    parent = np.array([category_mean[c] for c, _ in cells.index])
    cell_mean = (cells["wy"].to_numpy() + SHRINKAGE_RECORDS * parent) / (
        cells["w"].to_numpy() + SHRINKAGE_RECORDS
    )
    model = {
        "overall_mean": overall,
        "category_mean": category_mean.to_dict(),
        "category_count": by_category["w"].to_dict(),
        "cell_mean": dict(zip(cells.index, cell_mean, strict=True)),
        "category_codes": _codes(frame["category"], MAX_CATEGORIES_PER_FEATURE),
        "symptom_codes": _codes(frame["symptom"], MAX_CATEGORIES_PER_FEATURE),
        "brand_codes": _codes(_folded(frame["brand"]), TOP_BRANDS),
        "n_records": len(frame),
    }
    X = _frame_features(model, frame)
    residual = y - stage_one(model, frame["category"].tolist(), frame["symptom"].tolist())
    # One OpenMP thread: on small data the thread hand-offs cost far more than they save (measured
    # 10x slower with 2 threads on a 2-core host).
    with threadpool_limits(limits=1, user_api="openmp"):
        model["regressors"] = _quantile_regressors(X, residual, weight)
    model["forest"] = forest_compile([model["regressors"][q] for q in QUANTILES])
    return model


def _quantile_regressors(X: np.ndarray, residual: np.ndarray, weight: np.ndarray) -> dict:
    # Unit weights are left out: the weighted quantile baseline differs slightly from the plain one.
    sample_weight = None if np.all(weight == 1.0) else weight
    return {
        q: HistGradientBoostingRegressor(
            loss="quantile",
            quantile=q,
            max_iter=100,
            learning_rate=0.1,
            max_leaf_nodes=15,
            min_samples_leaf=20,
            l2_regularization=1.0,
            categorical_features=[0, 1, 2],
            random_state=0,
        ).fit(X, residual, sample_weight=sample_weight)
        for q in QUANTILES
    }


def forest_compile(regressors: list[HistGradientBoostingRegressor]) -> dict:
    """The trees of several fitted regressors as flat arrays, so that all of them are evaluated in
    one vectorized pass (sklearn's predict costs ~40 us per tree and call: too slow per verdict).
    Exactness against `predict` is checked in tests/ml."""
    fields = {name: [] for name in ("feature", "threshold", "missing_left", "left", "right")}
    fields |= {"is_leaf": [], "is_categorical": [], "bitset": [], "value": []}
    roots, owners, bitsets, baselines = [], [], [], []
    offset, bitset_offset = 0, 0
    for owner, regressor in enumerate(regressors):
        baselines.append(float(np.ravel(regressor._baseline_prediction)[0]))
        for (tree,) in regressor._predictors:
            nodes = tree.nodes
            roots.append(offset)
            owners.append(owner)
            fields["feature"].append(nodes["feature_idx"])
            fields["threshold"].append(nodes["num_threshold"])
            fields["missing_left"].append(nodes["missing_go_to_left"].astype(bool))
            fields["left"].append(nodes["left"].astype(np.int64) + offset)
            fields["right"].append(nodes["right"].astype(np.int64) + offset)
            fields["is_leaf"].append(nodes["is_leaf"].astype(bool))
            fields["is_categorical"].append(nodes["is_categorical"].astype(bool))
            fields["bitset"].append(nodes["bitset_idx"].astype(np.int64) + bitset_offset)
            fields["value"].append(nodes["value"])
            bitsets.append(np.asarray(tree.raw_left_cat_bitsets, dtype=np.uint32).reshape(-1, 8))
            offset += len(nodes)
            bitset_offset += len(bitsets[-1])
    forest = {name: np.concatenate(parts) for name, parts in fields.items()}
    forest["bitsets"] = np.concatenate(bitsets) if bitset_offset else np.zeros((1, 8), np.uint32)
    forest["roots"] = np.array(roots, dtype=np.int64)
    forest["owners"] = np.array(owners, dtype=np.int64)
    forest["baselines"] = np.array(baselines)
    forest["n_outputs"] = len(regressors)
    return forest


def forest_predict(forest: dict, X: np.ndarray) -> np.ndarray:
    """Raw predictions of every compiled regressor, shape (n_rows, n_regressors)."""
    n_rows = X.shape[0]
    node = np.broadcast_to(forest["roots"], (n_rows, len(forest["roots"]))).copy()
    rows = np.arange(n_rows)[:, None]
    is_leaf, feature = forest["is_leaf"], forest["feature"]
    while True:
        active = ~is_leaf[node]
        if not active.any():
            break
        value = X[rows, feature[node]]
        missing = np.isnan(value)
        codes = np.where(missing | (value < 0), 0, value).astype(np.int64)
        words = forest["bitsets"][forest["bitset"][node], codes >> 5]
        in_left_set = ((words >> (codes & 31).astype(np.uint32)) & 1).astype(bool)
        go_left = np.where(
            missing | (forest["is_categorical"][node] & (value < 0)),
            forest["missing_left"][node],
            np.where(
                forest["is_categorical"][node], in_left_set, value <= forest["threshold"][node]
            ),
        )
        child = np.where(go_left, forest["left"][node], forest["right"][node])
        node = np.where(active, child, node)
    leaf_values = forest["value"][node]
    out = np.zeros((n_rows, forest["n_outputs"]))
    for owner in range(forest["n_outputs"]):
        out[:, owner] = leaf_values[:, forest["owners"] == owner].sum(axis=1)
    return out + forest["baselines"]


def stage_one(model: dict, categories: list[str], symptoms: list[str]) -> np.ndarray:
    """Shrunken log-price mean of each (category, symptom); the category mean for unseen cells."""
    cells, categories_mean = model["cell_mean"], model["category_mean"]
    overall = model["overall_mean"]
    return np.array(
        [
            cells.get((c, s), categories_mean.get(c, overall))
            for c, s in zip(categories, symptoms, strict=True)
        ]
    )


def cost_features(
    model: dict,
    *,
    categories: list[str],
    symptoms: list[str],
    brands: list[str],
    ages: np.ndarray,
    regions: list[str],
    dates: np.ndarray,
) -> np.ndarray:
    """Rows of FEATURES as floats; unknown codes and values are NaN (handled natively)."""
    nan = np.nan
    category_codes, symptom_codes = model["category_codes"], model["symptom_codes"]
    brand_codes = model["brand_codes"]
    X = np.empty((len(categories), len(FEATURES)))
    X[:, 0] = [category_codes.get(c, nan) for c in categories]
    X[:, 1] = [symptom_codes.get(s, nan) for s in symptoms]
    brand_code = {b: brand_codes.get(fold(b).strip(), nan) for b in set(brands)}  # few distinct
    X[:, 2] = [brand_code[b] for b in brands]
    X[:, 3] = ages
    X[:, 4] = [float(r) if r and r.isdigit() else nan for r in regions]
    X[:, 5] = (dates - EPOCH).astype("timedelta64[D]").astype(float) / 365.25
    return X


def cost_quantiles(model: dict, X: np.ndarray, categories: list[str], symptoms: list[str]):
    """Price quantiles in EUR, shape (n, 3), sorted so P10 <= P50 <= P90 on every row."""
    base = stage_one(model, categories, symptoms)
    log_q = base[:, None] + raw_predictions(model, X)
    conformal = model.get("conformal", {})
    log_q[:, 0] -= conformal.get("p10", 0.0)
    log_q[:, -1] += conformal.get("p90", 0.0)
    return np.sort(np.exp(log_q), axis=1)


def raw_predictions(model: dict, X: np.ndarray) -> np.ndarray:
    """Stage-two predictions, shape (n, 3): the compiled forest for the few rows of a verdict,
    scikit-learn's own (compiled, multi-threaded) predict for batches such as a holdout, where the
    forest's level-by-level numpy passes were 15x slower (47 s of a 1M-record retrain)."""
    if len(X) <= FOREST_MAX_ROWS:
        return forest_predict(model["forest"], X)
    return np.column_stack([model["regressors"][q].predict(X) for q in QUANTILES])


def knows_category(model: dict | None, category: str) -> bool:
    return model is not None and model["category_count"].get(category, 0) >= MIN_CATEGORY_RECORDS


def knows_cell(model: dict, category: str, symptom: str) -> bool:
    return (category, symptom) in model["cell_mean"]
