"""What the `local` engine needs everywhere: text splitting, skills, dates, fillers, keywords."""
