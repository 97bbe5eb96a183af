# 여러 기능이 함께 쓰는 말: 개수.

count-episodes = { $count }부작
count-people = 인물 { $count }명
count-characters = 배역 { $count }명
count-facts = 사실 { $count }개
count-quotes = 명대사 { $count }개
count-questions = 문제 { $count }개

pack-name = { $title_ko } ({ $title })
kind-question = 문제
kind-quote = 명대사
kind-fact = 사실
