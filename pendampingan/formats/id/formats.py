DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H.i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
# Dates are typed through the browser's date picker, which sends ISO dates; a
# typed "05/01/2026" would otherwise mean 5 January in one language and 1 May in another.
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
