from planportal import roles

# Admin permissions per role (the pages and the API decide through querysets and services).
ROLE_PERMISSIONS = {
    roles.CASE_OFFICER: [
        "referrals.view_referral",
        "referrals.view_referralevent",
        "referrals.add_phrase",
        "referrals.change_phrase",
        "referrals.view_phrase",
        "referrals.add_unit",
        "referrals.change_unit",
        "referrals.view_unit",
    ],
    roles.ADMINISTRATOR: ["referrals.approve_reply"],
}
