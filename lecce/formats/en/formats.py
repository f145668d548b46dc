# “1 February 2016”, as the EU institutions write dates in English.
DATE_FORMAT = "j F Y"
