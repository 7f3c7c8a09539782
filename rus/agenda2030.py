"""The 17 global goals of Agenda 2030 (the UN Sustainable Development Goals), with the Swedish
names used by the Swedish government and Globala målen."""

GOALS = [
    (1, "Ingen fattigdom", "No poverty"),
    (2, "Ingen hunger", "Zero hunger"),
    (3, "Hälsa och välbefinnande", "Good health and well-being"),
    (4, "God utbildning för alla", "Quality education"),
    (5, "Jämställdhet", "Gender equality"),
    (6, "Rent vatten och sanitet för alla", "Clean water and sanitation"),
    (7, "Hållbar energi för alla", "Affordable and clean energy"),
    (8, "Anständiga arbetsvillkor och ekonomisk tillväxt", "Decent work and economic growth"),
    (9, "Hållbar industri, innovationer och infrastruktur", "Industry, innovation and infrastructure"),
    (10, "Minskad ojämlikhet", "Reduced inequalities"),
    (11, "Hållbara städer och samhällen", "Sustainable cities and communities"),
    (12, "Hållbar konsumtion och produktion", "Responsible consumption and production"),
    (13, "Bekämpa klimatförändringarna", "Climate action"),
    (14, "Hav och marina resurser", "Life below water"),
    (15, "Ekosystem och biologisk mångfald", "Life on land"),
    (16, "Fredliga och inkluderande samhällen", "Peace, justice and strong institutions"),
    (17, "Genomförande och globalt partnerskap", "Partnerships for the goals"),
]
