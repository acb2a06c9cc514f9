"""Page view models: scores and analyses turned into what each page shows."""
