"""Contract gigs: clients post PM work, freelancers propose, contracts pay out through escrow."""
