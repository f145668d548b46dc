# “1 febbraio 2016”: Django's Italian default pads the day (“01 febbraio 2016”).
DATE_FORMAT = "j F Y"
