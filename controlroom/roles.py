"""The staff roles (Django groups) and the custom permissions the control room checks.

Plain data, shared by the data migration and the `setup_roles` command.
"""

# (app_label, model, codename, name): permissions beyond Django's add/change/delete/view.
CUSTOM_PERMISSIONS = [
    ("prices", "pricerecord", "import_pricerecord", "Can import price records"),
    ("ml", "modelversion", "retrain_modelversion", "Can retrain model versions"),
    ("ml", "modelversion", "promote_modelversion", "Can promote or roll back model versions"),
    # Not named view_*: the read-only roles get "partners.view_*" and must not see these.
    ("partners", "lead", "reveal_lead_contact", "Can see the names, e-mails and phones of leads"),
]

COALITION_STAFF = "Coalition staff"
DATA_STEWARD = "Data steward"
ADMINISTRATORS = "Administrators"

READ_APPS = ["appliances", "prices", "ml", "repair_advice", "partners", "maintenance", "explainer"]
CATALOGUE_MODELS = ["category", "symptom", "referenceparameter"]
# Catalogue data of the maintenance line: tasks per category and second-life locations.
MAINTENANCE_CATALOGUE_MODELS = ["maintenancetask", "secondlifelocation"]
CATALOGUE_EDIT = [
    *(
        f"appliances.{action}_{model}"
        for model in CATALOGUE_MODELS
        for action in ("add", "change", "delete")
    ),
    *(
        f"maintenance.{action}_{model}"
        for model in MAINTENANCE_CATALOGUE_MODELS
        for action in ("add", "change", "delete")
    ),
]

# Role -> permissions as "app_label.codename"; "app_label.*" means every permission of that app.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    COALITION_STAFF: [
        *(f"{app}.view_*" for app in READ_APPS),
        *CATALOGUE_EDIT,
    ],
    DATA_STEWARD: [
        *(f"{app}.view_*" for app in READ_APPS),
        *CATALOGUE_EDIT,
        "prices.add_pricerecord",
        "prices.change_pricerecord",
        "prices.delete_pricerecord",
        "prices.import_pricerecord",
        "ml.retrain_modelversion",
        "ml.promote_modelversion",
    ],
    ADMINISTRATORS: [
        *(f"{app}.*" for app in READ_APPS),
        "auth.*",
        "axes.*",
    ],
}
