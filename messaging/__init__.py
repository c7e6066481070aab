"""Threads and messages between the two people of an application, a proposal or a contract."""
