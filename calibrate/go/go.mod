module poolsim/calibrate/driver

go 1.19
