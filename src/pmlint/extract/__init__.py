"""Extractors: pure functions from the blocks of a document to what its sections hold.

``sections`` finds the section tree, ``metadata`` the title, metadata and incident date,
``timeline`` the entries with resolved times, ``whys`` the steps of the five whys, ``actions``
the corrective action items (with ``columns`` naming the roles of table columns). Each takes
records of :mod:`pmlint.model` and returns new ones; :func:`pmlint.document.build` calls them
in order.
"""
