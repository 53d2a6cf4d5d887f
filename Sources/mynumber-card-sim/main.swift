print("mynumber-card-sim: placeholder")
