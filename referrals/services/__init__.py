"""Every write to a referral case is a named service here, called alike by pages, the API,
imports and tasks. Each checks the actor's right and the case's state, saves inside one
transaction, appends a ReferralEvent, and schedules notifications with on_commit."""
