"""The portfolio as a file made by a job (``pendampingan.prepared``), in XLSX or CSV."""

from monitoring import exports

allowed = exports.may_see_portfolio
title = exports.portfolio_title
make = exports.portfolio_file
