"""五星党员 selection: self-assessment, branch recommendation, committee decision, public notice, result."""
