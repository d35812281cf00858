"""Question bank for the local engine: competencies, follow-ups and technology deep-dives.

Every entry exists in Korean and English. Placeholders: {position}, {skill}, {requirement},
{quote}, {company}. The engine fills them from the posting, the resume and the last answer.
"""
from __future__ import annotations

# Competencies asked in a personality (인성) interview, in the order a real interviewer tends to go.
PERSONALITY = [
    ("motivation", {
        "ko": "{company}{position} 직무에 지원하신 이유와, 이 일을 잘할 수 있다고 생각하는 근거를 경험과 함께 말씀해 주세요.",
        "en": "Why did you apply for the {position} role{company_en}, and what experience makes you confident you will do it well?",
    }),
    ("collaboration", {
        "ko": "팀원과 협업하여 목표를 달성했던 경험을 말씀해 주세요. 그 과정에서 본인이 맡은 역할은 무엇이었나요?",
        "en": "Tell me about a time you worked with a team to reach a goal. What was your part in it?",
    }),
    ("conflict", {
        "ko": "동료나 다른 부서와 의견이 충돌했던 경험이 있나요? 어떻게 조율했고 결과는 어땠는지 말씀해 주세요.",
        "en": "Describe a disagreement with a colleague or another team. How did you resolve it, and what was the outcome?",
    }),
    ("failure", {
        "ko": "계획대로 되지 않았던 경험이나 실패 경험을 하나 말씀해 주세요. 그 이후 무엇을 바꾸셨나요?",
        "en": "Tell me about something that did not go as planned. What did you change afterwards?",
    }),
    ("growth", {
        "ko": "최근에 스스로 부족하다고 느껴 새로 배운 것이 있다면, 어떻게 배우고 실제로 적용했는지 말씀해 주세요.",
        "en": "What is something you recently taught yourself because you felt it was missing, and how did you apply it?",
    }),
    ("pressure", {
        "ko": "마감이 촉박하거나 업무가 몰렸을 때 우선순위를 어떻게 정하셨는지 구체적인 사례로 말씀해 주세요.",
        "en": "Give an example of a time with a tight deadline or too much work. How did you decide what to do first?",
    }),
    ("ownership", {
        "ko": "맡은 일의 범위를 넘어 주도적으로 문제를 해결했던 경험이 있다면 말씀해 주세요.",
        "en": "Tell me about a time you took ownership of a problem beyond what was asked of you.",
    }),
    ("principles", {
        "ko": "일정이나 성과 압박 속에서도 원칙을 지켜야 했던 상황이 있었나요? 어떤 판단을 하셨나요?",
        "en": "Was there a situation where you had to hold to a principle despite pressure on time or results? What did you decide?",
    }),
    ("customer", {
        "ko": "사용자나 고객의 불편을 발견하고 개선했던 경험을 말씀해 주세요. 그 불편은 어떻게 알게 되었나요?",
        "en": "Describe a time you noticed a user's or customer's pain point and improved it. How did you find out about it?",
    }),
    ("career", {
        "ko": "입사 후 3년 동안 {position}(으)로서 어떤 역량을 쌓고 싶으신가요? 그 목표를 위해 지금 하고 있는 노력은 무엇인가요?",
        "en": "Where do you want to be as a {position} three years from now, and what are you doing today to get there?",
    }),
]

# Competencies asked in a technical (기술) interview after the posting's own skills are covered.
TECHNICAL = [
    ("project", {
        "ko": "{position} 업무와 가장 관련이 깊은 프로젝트 하나를 골라, 구조와 본인이 구현한 부분을 설명해 주세요.",
        "en": "Pick the project most relevant to the {position} role and walk me through its design and the parts you built yourself.",
    }),
    ("troubleshooting", {
        "ko": "운영 중에 발생한 장애나 버그를 추적해 해결했던 경험을 말씀해 주세요. 원인을 어떻게 찾으셨나요?",
        "en": "Tell me about a production incident or bug you tracked down. How did you find the root cause?",
    }),
    ("performance", {
        "ko": "성능 문제를 측정하고 개선했던 경험이 있나요? 어떤 지표로 확인했고 얼마나 개선되었나요?",
        "en": "Have you measured and fixed a performance problem? Which metric did you watch and how much did it improve?",
    }),
    ("design_tradeoff", {
        "ko": "기술을 선택하거나 설계를 결정할 때 두 가지 이상의 대안을 비교했던 경험을 말씀해 주세요. 무엇을 기준으로 결정하셨나요?",
        "en": "Describe a technical decision where you compared two or more options. What criteria decided it?",
    }),
    ("testing", {
        "ko": "코드 품질을 지키기 위해 테스트나 코드 리뷰를 어떻게 해 오셨나요? 그로 인해 막은 문제가 있다면 함께 말씀해 주세요.",
        "en": "How have you used tests or code review to keep quality up? Give an example of a problem it caught.",
    }),
    ("data_modeling", {
        "ko": "데이터 모델이나 스키마를 설계했던 경험을 말씀해 주세요. 이후 요구사항이 바뀌었을 때 어떻게 대응하셨나요?",
        "en": "Tell me about a data model or schema you designed. How did you handle it when the requirements changed?",
    }),
    ("security", {
        "ko": "개발하면서 보안이나 개인정보 보호를 위해 적용했던 조치가 있다면 구체적으로 말씀해 주세요.",
        "en": "What security or privacy measures have you put into something you built? Be specific.",
    }),
    ("learning_tech", {
        "ko": "처음 접하는 기술을 짧은 기간에 익혀 업무에 적용했던 경험을 말씀해 주세요.",
        "en": "Describe a time you had to learn an unfamiliar technology quickly and use it for real work.",
    }),
    ("collaboration_tech", {
        "ko": "기획자나 다른 직군과 기술적인 내용을 조율해야 했던 경험을 말씀해 주세요. 어떻게 설명하고 합의하셨나요?",
        "en": "Tell me about explaining a technical constraint to a non-engineer. How did you reach agreement?",
    }),
]

# The opening question when nothing more specific is known.
OPENING = {
    "personality": {
        "ko": "먼저 간단한 자기소개와 함께, {position} 직무를 준비하며 가장 자신 있게 내세울 수 있는 경험 하나를 말씀해 주세요.",
        "en": "To start, please introduce yourself briefly and tell me about the one experience that best prepares you for the {position} role.",
    },
    "technical": {
        "ko": "먼저 간단한 자기소개와 함께, {position}(으)로서 가장 깊이 다뤄 본 기술과 그 기술로 해결한 문제를 말씀해 주세요.",
        "en": "To start, please introduce yourself and tell me which technology you know best as a {position} and a problem you solved with it.",
    },
}

# Openings tied to a requirement of the posting (requirement text quoted from the posting).
REQUIREMENT_OPENING = {
    "ko": "공고의 자격요건에 ‘{requirement}’이(가) 있습니다. 간단한 자기소개와 함께, 이 요건에 가장 잘 맞는 본인의 경험을 말씀해 주세요.",
    "en": "The posting asks for “{requirement}”. Please introduce yourself briefly and tell me about your experience that best matches it.",
}

# A posting skill the candidate has not talked about yet.
POSTING_SKILL = {
    "ko": "이 포지션은 {skill} 역량을 요구합니다. {skill}을(를) 사용해 해결했던 가장 어려운 문제와 그때의 판단을 말씀해 주세요.",
    "en": "This role calls for {skill}. What is the hardest problem you have solved with {skill}, and what did you decide along the way?",
}

# Grounding prefix: quotes the user's own document so the question is about their experience.
GROUNDED_PREFIX = {
    "resume": {"ko": "이력서에 ‘{quote}’(이)라고 적어 주셨는데요. ", "en": "Your resume says “{quote}”. "},
    "cover_letter": {"ko": "자기소개서에서 ‘{quote}’(이)라고 하셨는데요. ", "en": "In your cover letter you wrote “{quote}”. "},
    "portfolio": {"ko": "포트폴리오에 ‘{quote}’(이)라는 내용이 있는데요. ", "en": "Your portfolio mentions “{quote}”. "},
    "other": {"ko": "제출하신 자료에 ‘{quote}’(이)라는 내용이 있는데요. ", "en": "Your documents mention “{quote}”. "},
}

# Follow-ups chosen from what the last answer leaves out. {quote} is a short piece of that answer.
FOLLOWUP = {
    "method": {
        "ko": "‘{quote}’(이)라고 하셨는데, 구체적으로 무엇을 어떻게 하셨나요? 사용한 방법과 그중 본인이 직접 한 일을 말씀해 주세요.",
        "en": "You said “{quote}”. What exactly was done, and how? Which part did you do yourself?",
    },
    "numbers": {
        "ko": "‘{quote}’(이)라고 하셨는데, 그 성과를 숫자로 말씀해 주실 수 있나요? 처리 시간, 오류율, 사용자 수처럼 전후가 어떻게 달라졌는지 궁금합니다.",
        "en": "You said “{quote}”. Can you put a number on that? How did time, error rate or users change?",
    },
    "role": {
        "ko": "‘{quote}’(이)라고 하셨는데, 그 과정에서 팀 전체가 아니라 본인의 역할은 무엇이었나요? 직접 결정하고 실행한 일을 중심으로 말씀해 주세요.",
        "en": "You said “{quote}”. What was your own part in that, as opposed to the team's? What did you decide and do?",
    },
    "result": {
        "ko": "‘{quote}’(이)라고 하셨는데, 그래서 결과는 어땠나요? 전후로 무엇이 얼마나 달라졌는지 말씀해 주세요.",
        "en": "You said “{quote}”. What was the result? What changed, and by how much?",
    },
    "reasons": {
        "ko": "‘{quote}’(이)라고 하셨는데, 그렇게 하기로 한 이유는 무엇인가요? 검토했던 다른 대안과 비교해 설명해 주세요.",
        "en": "You said “{quote}”. Why did you decide to do it that way? Compare it with the alternatives you considered.",
    },
}
# When the method is known but the answer says "we", the method question asks only how.
FOLLOWUP_METHOD_OWN = {
    "ko": "‘{quote}’(이)라고 하셨는데, 구체적으로 어떤 방법으로 하셨나요? 무엇을 바꿨고 어떤 순서로 진행했는지 말씀해 주세요.",
    "en": "You said “{quote}”. How exactly did you do it? What did you change, and in what order?",
}

# Deep-dive questions on a technology an answer names. Keys are lower-case skill names.
SKILL_DEEP_DIVE = {
    "python": {"ko": "Python을 쓰셨다고 했는데, GIL이 있는 환경에서 동시 처리가 필요할 때 어떤 방식을 선택하셨고 그 이유는 무엇인가요?",
               "en": "You mentioned Python. When you needed concurrency despite the GIL, which approach did you choose and why?"},
    "java": {"ko": "Java를 사용하셨다고 했는데, 운영 중 메모리 문제나 GC 지연을 겪어 보셨나요? 어떻게 분석하고 조치하셨나요?",
             "en": "You mentioned Java. Have you run into memory problems or GC pauses in production? How did you analyse and fix them?"},
    "spring": {"ko": "Spring을 쓰셨다고 했는데, 트랜잭션 전파 설정이나 지연 로딩 때문에 문제가 생겼던 경험이 있나요? 어떻게 해결하셨나요?",
               "en": "You mentioned Spring. Have transaction propagation or lazy loading ever caused you a problem? How did you solve it?"},
    "spring boot": {"ko": "Spring Boot를 사용하셨다고 했는데, 자동 설정을 그대로 쓰지 않고 직접 조정했던 부분과 그 이유를 말씀해 주세요.",
                    "en": "You mentioned Spring Boot. Which auto-configuration did you override, and why?"},
    "django": {"ko": "Django를 쓰셨다고 했는데, ORM에서 N+1 쿼리 같은 성능 문제를 어떻게 발견하고 해결하셨나요?",
               "en": "You mentioned Django. How did you find and fix ORM performance problems such as N+1 queries?"},
    "fastapi": {"ko": "FastAPI를 사용하셨다고 했는데, 비동기 엔드포인트 안에서 블로킹 작업을 어떻게 다루셨나요?",
                "en": "You mentioned FastAPI. How did you handle blocking work inside async endpoints?"},
    "flask": {"ko": "Flask를 쓰셨다고 했는데, 애플리케이션이 커지면서 구조를 어떻게 나누셨나요?",
              "en": "You mentioned Flask. How did you structure the application as it grew?"},
    "node.js": {"ko": "Node.js를 사용하셨다고 했는데, 이벤트 루프를 막는 작업을 어떻게 찾아내고 처리하셨나요?",
                "en": "You mentioned Node.js. How did you find and deal with work that blocked the event loop?"},
    "react": {"ko": "React를 쓰셨다고 했는데, 불필요한 리렌더링 때문에 느려진 화면을 어떻게 찾아 개선하셨나요?",
              "en": "You mentioned React. How did you find and fix a screen that was slow because of unnecessary re-renders?"},
    "vue.js": {"ko": "Vue를 사용하셨다고 했는데, 컴포넌트 간 상태 공유를 어떤 방식으로 설계하셨고 그 이유는 무엇인가요?",
            "en": "You mentioned Vue. How did you design state sharing between components, and why that way?"},
    "typescript": {"ko": "TypeScript를 쓰셨다고 했는데, 타입 설계로 실제 버그를 막았던 사례가 있다면 말씀해 주세요.",
                   "en": "You mentioned TypeScript. Give an example of a bug your type design actually prevented."},
    "javascript": {"ko": "JavaScript를 사용하셨다고 했는데, 비동기 처리에서 겪었던 까다로운 문제와 해결 방법을 말씀해 주세요.",
                   "en": "You mentioned JavaScript. What tricky asynchronous problem did you hit and how did you solve it?"},
    "next.js": {"ko": "Next.js를 쓰셨다고 했는데, SSR·SSG·CSR 중 어떤 렌더링 방식을 어디에 선택하셨고 그 기준은 무엇이었나요?",
                "en": "You mentioned Next.js. Where did you choose SSR, SSG or client rendering, and on what basis?"},
    "mysql": {"ko": "MySQL을 사용하셨다고 했는데, 느린 쿼리를 실행 계획으로 분석해 개선했던 경험을 말씀해 주세요.",
              "en": "You mentioned MySQL. Tell me about a slow query you improved by reading its execution plan."},
    "postgresql": {"ko": "PostgreSQL을 쓰셨다고 했는데, 인덱스 설계나 실행 계획 분석으로 쿼리를 개선했던 사례를 말씀해 주세요.",
                   "en": "You mentioned PostgreSQL. Give an example of improving a query through index design or plan analysis."},
    "mongodb": {"ko": "MongoDB를 사용하셨다고 했는데, 관계형 DB 대신 선택한 이유와 스키마 설계 시 주의한 점은 무엇인가요?",
                "en": "You mentioned MongoDB. Why did you pick it over a relational database, and what did you watch for in the schema?"},
    "redis": {"ko": "Redis를 사용하셨다고 했는데, 캐시와 원본 데이터의 정합성은 어떻게 맞추셨고 Redis 장애 시에는 어떻게 대비하셨나요?",
              "en": "You mentioned Redis. How did you keep the cache consistent with the source data, and what happened if Redis went down?"},
    "apache kafka": {"ko": "Kafka를 쓰셨다고 했는데, 메시지 중복이나 순서 보장 문제를 어떻게 처리하셨나요?",
              "en": "You mentioned Kafka. How did you handle duplicate messages and ordering?"},
    "docker": {"ko": "Docker를 사용하셨다고 했는데, 이미지 크기나 빌드 시간을 줄이기 위해 어떤 작업을 하셨나요?",
               "en": "You mentioned Docker. What did you do to reduce image size or build time?"},
    "kubernetes": {"ko": "Kubernetes를 쓰셨다고 했는데, 배포 중 장애가 났을 때 롤백이나 헬스체크를 어떻게 구성하셨나요?",
                   "en": "You mentioned Kubernetes. How did you set up health checks and rollbacks for a failed deployment?"},
    "aws": {"ko": "AWS를 사용하셨다고 했는데, 비용이나 가용성을 고려해 어떤 서비스를 어떻게 구성하셨나요?",
            "en": "You mentioned AWS. Which services did you use, and how did cost or availability shape the setup?"},
    "git": {"ko": "Git을 쓰셨다고 했는데, 팀의 브랜치 전략과 충돌을 줄이기 위한 규칙은 어떻게 정하셨나요?",
            "en": "You mentioned Git. What branching strategy did your team use, and what rules kept conflicts down?"},
    "rest api": {"ko": "REST API를 설계하셨다고 했는데, 버전 관리나 하위 호환성은 어떻게 지키셨나요?",
                 "en": "You mentioned designing REST APIs. How did you handle versioning and backward compatibility?"},
    "graphql": {"ko": "GraphQL을 사용하셨다고 했는데, 과도한 쿼리나 N+1 문제를 어떻게 막으셨나요?",
                "en": "You mentioned GraphQL. How did you guard against expensive queries and N+1 problems?"},
    "jpa": {"ko": "JPA를 쓰셨다고 했는데, 영속성 컨텍스트나 지연 로딩 때문에 생긴 문제를 해결한 경험이 있나요?",
            "en": "You mentioned JPA. Have you solved a problem caused by the persistence context or lazy loading?"},
    "celery": {"ko": "Celery를 사용하셨다고 했는데, 작업이 중복 실행되거나 유실되는 상황을 어떻게 막으셨나요?",
               "en": "You mentioned Celery. How did you prevent tasks from running twice or getting lost?"},
    "tensorflow": {"ko": "TensorFlow를 쓰셨다고 했는데, 모델 성능이 기대보다 낮았을 때 어떤 순서로 원인을 찾으셨나요?",
                   "en": "You mentioned TensorFlow. When a model underperformed, in what order did you look for the cause?"},
    "pytorch": {"ko": "PyTorch를 사용하셨다고 했는데, 학습이 불안정하거나 과적합될 때 어떻게 대응하셨나요?",
                "en": "You mentioned PyTorch. What did you do when training was unstable or overfitting?"},
    "figma": {"ko": "Figma를 쓰셨다고 했는데, 디자이너와 개발자 사이의 인수인계를 어떻게 진행하셨나요?",
              "en": "You mentioned Figma. How did you run the hand-off between design and development?"},
    "sql": {"ko": "SQL을 다루셨다고 했는데, 복잡한 집계나 조인 쿼리를 빠르게 만들기 위해 어떤 방법을 쓰셨나요?",
            "en": "You mentioned SQL. What did you do to make a complex aggregate or join query fast?"},
}

# When a named technology has no entry above, its dictionary group decides the question.
GROUP_DEEP_DIVE = {
    "languages": {"ko": "{skill}을(를) 사용하셨다고 했는데, 이 언어의 특성 때문에 겪은 문제와 해결 방법을 구체적으로 말씀해 주세요.",
                  "en": "You mentioned {skill}. What problem did you run into because of how the language works, and how did you solve it?"},
    "frameworks": {"ko": "{skill}을(를) 쓰셨다고 했는데, 프레임워크의 기본 동작이 요구사항과 맞지 않았던 부분과 그때 어떻게 해결하셨는지 말씀해 주세요.",
                   "en": "You mentioned {skill}. Where did the framework's defaults not fit your needs, and what did you do?"},
    "data": {"ko": "{skill}을(를) 사용하셨다고 했는데, 데이터가 늘어나면서 생긴 성능·품질 문제와 해결 과정을 말씀해 주세요.",
             "en": "You mentioned {skill}. What performance or data-quality problem appeared as the data grew, and how did you solve it?"},
    "cloud": {"ko": "{skill} 환경을 다루셨다고 했는데, 장애 대비나 비용 관리를 위해 어떤 구성을 하셨나요?",
              "en": "You mentioned {skill}. How did you set it up for failures and for cost?"},
    "devops": {"ko": "{skill}을(를) 쓰셨다고 했는데, 배포나 운영 과정에서 이 도구로 줄인 문제를 구체적으로 말씀해 주세요.",
               "en": "You mentioned {skill}. Which deployment or operations problem did it remove, concretely?"},
    "design": {"ko": "{skill}을(를) 활용하셨다고 했는데, 사용자 피드백을 반영해 디자인을 바꿨던 사례를 말씀해 주세요.",
               "en": "You mentioned {skill}. Give an example of changing a design because of user feedback."},
    "practices": {"ko": "{skill}을(를) 적용하셨다고 했는데, 팀에 도입하면서 겪은 어려움과 실제로 달라진 점은 무엇인가요?",
                  "en": "You mentioned {skill}. What was hard about bringing it to the team, and what actually changed?"},
    "default": {"ko": "{skill}을(를) 언급하셨는데, 그것을 선택한 이유와 사용하면서 겪은 가장 큰 어려움은 무엇이었나요?",
                "en": "You mentioned {skill}. Why did you choose it, and what was the hardest part of using it?"},
}

# The seed 002 fallback when question generation fails or takes longer than 30 seconds.
FALLBACK = {
    "ko": [
        "간단한 자기소개와 함께 {position} 직무에 지원하신 이유를 말씀해 주세요.",
        "{position}(으)로서 가장 자신 있는 역량과, 그 역량을 발휘했던 경험을 말씀해 주세요.",
        "가장 어려웠던 프로젝트나 과제를 하나 골라, 본인의 역할과 해결 과정을 설명해 주세요.",
        "팀원과 의견이 달랐을 때 어떻게 조율하고 결론을 내셨는지 사례로 말씀해 주세요.",
        "입사 후 {position}(으)로서 이루고 싶은 목표와 이를 위한 계획을 말씀해 주세요.",
    ],
    "en": [
        "Please introduce yourself and tell me why you applied for the {position} role.",
        "What is your strongest skill as a {position}, and when did you put it to use?",
        "Pick the hardest project or task you have worked on and explain your role and how you solved it.",
        "Tell me about a time you disagreed with a teammate. How did you reach a decision?",
        "What do you want to achieve as a {position} after joining, and how do you plan to get there?",
    ],
}

# Labels used in reports and on pages.
COMPETENCY_LABELS = {
    "opening": {"ko": "자기소개·핵심 경험", "en": "Introduction and key experience"},
    "invited": {"ko": "자기소개서 예상 질문", "en": "Question invited by the cover letter"},
    "posting_skill": {"ko": "공고 요구 역량", "en": "Skill the posting asks for"},
    "followup": {"ko": "꼬리 질문", "en": "Follow-up"},
    **{key: {"ko": ko, "en": en} for key, ko, en in [
        ("motivation", "지원 동기", "Motivation"), ("collaboration", "협업", "Collaboration"),
        ("conflict", "갈등 조율", "Handling disagreement"), ("failure", "실패와 회복", "Learning from failure"),
        ("growth", "자기 계발", "Self-development"), ("pressure", "우선순위·압박 대응", "Prioritising under pressure"),
        ("ownership", "주도성", "Ownership"), ("principles", "원칙과 윤리", "Principles"),
        ("customer", "고객 지향", "Customer focus"), ("career", "커리어 목표", "Career goals"),
        ("project", "프로젝트 설계", "Project design"), ("troubleshooting", "문제 해결", "Troubleshooting"),
        ("performance", "성능 개선", "Performance"), ("design_tradeoff", "기술 선택과 트레이드오프", "Technical trade-offs"),
        ("testing", "품질·테스트", "Quality and testing"), ("data_modeling", "데이터 모델링", "Data modelling"),
        ("security", "보안", "Security"), ("learning_tech", "기술 학습", "Learning new technology"),
        ("collaboration_tech", "직군 간 협업", "Cross-functional work"),
    ]},
}


def competency_label(key: str, language: str) -> str:
    entry = COMPETENCY_LABELS.get(key)
    if not entry:
        return key
    return entry.get(language, entry["ko"])
