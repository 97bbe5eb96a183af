# Words several features share: counts of things.

count-episodes = { $count -> 
    [one] { $count } episode
   *[other] { $count } episodes
}
count-people = { $count -> 
    [one] { $count } person
   *[other] { $count } people
}
count-characters = { $count -> 
    [one] { $count } character
   *[other] { $count } characters
}
count-facts = { $count -> 
    [one] { $count } fact
   *[other] { $count } facts
}
count-quotes = { $count -> 
    [one] { $count } quote
   *[other] { $count } quotes
}
count-questions = { $count -> 
    [one] { $count } question
   *[other] { $count } questions
}

pack-name = { $title } ({ $title_ko })
kind-question = question
kind-quote = quote
kind-fact = fact
