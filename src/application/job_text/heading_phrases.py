"""The phrases that name a section in seven languages, in their folded form.

A heading IS one of them ("Requirements", "Vos missions") or STARTS with one
("What we're looking for in a Senior Engineer:"); ``headings`` does the matching.
A phrase with a free part (``.{1,40}``) counts only on a line that ends like a heading.
"""

from __future__ import annotations

from application.job_text.model import SectionKind

_NICE = (
    # en
    r"nice[\s-]to[\s-]haves?",
    r"(?:preferred|desired|desirable|bonus|additional|optional|good[\s-]to[\s-]have)"
    r"(?: (?:qualifications|skills|requirements|experience|points?))?",
    r"bonus points?(?: if you have| for)?",
    r"(?:it'?s |it would be |would be |is )?a (?:big )?plus",
    r"pluses",
    r"extra credit",
    r"even better(?: if you have)?",
    r"ideally(?: you have| you also have)?",
    r"what (?:would )?makes? you stand out",
    # fr
    r"(?:les |un |vos )?(?:atouts?|plus)(?: supplementaires)?",
    r"ce (?:serait|sera|qui serait) un plus",
    r"competences (?:appreciees|souhaitees|bonus)",
    r"(?:serait )?apprecie(?:e|s|es)?",
    r"idealement",
    # de
    r"wunschenswert(?:e (?:kenntnisse|qualifikationen))?",
    r"(?:ist |sind |waren )?von vorteil",
    r"(?:ein |das )?plus(?:punkte)?",
    r"idealerweise(?: bringst du mit| bringen sie mit)?",
    r"was (?:uns|dich) (?:zusatzlich )?auszeichnet",
    # es
    r"(?:requisitos |conocimientos )?deseables?",
    r"se valorara(?:n)?(?: positivamente)?",
    r"valorables?",
    r"(?:sera |es )?un plus",
    r"puntos extra",
    r"suma puntos",
    # it
    r"(?:requisiti |competenze )?(?:preferenziali|graditi|gradite|gradito|gradita)",
    r"(?:costituisce|costituiscono|sara) (?:un )?(?:plus|titolo preferenziale)",
    r"titoli? preferenziali?",
    # pt
    r"(?:requisitos |conhecimentos )?(?:desejaveis|desejavel|diferenciais|diferencial)",
    r"(?:sera |e )?um (?:plus|diferencial)",
    r"seria legal(?: ter)?",
    # nl
    r"(?:is )?een pre",
    r"pluspunten",
    r"(?:is )?wenselijk",
    r"mooi meegenomen",
    r"(?:het is )?een pluspunt(?: als)?",
)

_PROCESS = (
    r"what happens next",
    r"next steps?",
    r"(?:the |our )?(?:hiring|recruitment|recruiting|interview|application|selection)"
    r" (?:process|steps|journey)",
    r"how to apply",
    r"how we hire",
    r"(?:le |notre )?(?:processus|process) (?:de recrutement|d'embauche|de selection)",
    r"deroulement (?:du processus|des entretiens|du recrutement)",
    r"comment postuler",
    r"les etapes(?: du recrutement)?",
    r"(?:unser |der |dein )?(?:bewerbungsprozess|bewerbungsverfahren|recruitingprozess"
    r"|auswahlprozess)",
    r"so geht es weiter",
    r"so bewirbst du dich",
    r"wie geht es weiter",
    r"nachste schritte",
    r"(?:el |nuestro )?proceso de (?:seleccion|contratacion)",
    r"como (?:aplicar|postular)",
    r"proximos pasos",
    r"(?:il )?processo di selezione",
    r"come candidarsi",
    r"prossimi passi",
    r"(?:o |nosso )?processo seletivo",
    r"etapas do processo(?: seletivo)?",
    r"como se candidatar",
    r"proximos passos",
    r"(?:de )?sollicitatieprocedure",
    r"(?:het )?sollicitatieproces",
    r"hoe solliciteer (?:je|jij)",
    r"volgende stappen",
)

_STACK = (
    r"(?:our |the )?(?:tech(?:nology|nical)?|engineering) stack",
    r"(?:our |the )?stack",
    r"technolog(?:y|ies)(?: we use| you'?ll use| you will use)?",
    r"tools (?:and|&) technologies",
    r"tech we use",
    r"(?:notre |la |le )?(?:stack|environnement) (?:technique|technologique|tech)",
    r"(?:notre |la )?stack",
    r"technos?(?: utilisees)?",
    r"(?:unser |der )?tech[\s-]?stack",
    r"technologien",
    r"(?:unser )?technologie[\s-]?stack",
    r"(?:nuestro |el )?stack(?: tecnologico| tecnico)?",
    r"tecnologias",
    r"(?:il nostro |lo )?stack(?: tecnologico)?",
    r"tecnologie",
    r"(?:nossa |a |o )?stack(?: tecnologica)?",
    r"(?:onze |de )?(?:tech[\s-]?)?stack",
    r"technologieen",
)

_RESPONSIBILITIES = (
    # en
    r"(?:(?:key|main|primary|core|your|the|job|role|essential) )*(?:responsibilit(?:y|ies)"
    r"|duties|tasks)(?: (?:and|&) (?:responsibilities|duties|tasks))?(?: include)?",
    r"roles? (?:and|&) responsibilities",
    r"what you'?ll (?:do|be doing|work on|be working on|get up to)",
    r"what you will (?:do|be doing|work on|be working on)",
    r"what will you (?:do|be doing|work on)",
    r"what (?:does|do|will) (?:an? |the |our )?.{1,60} do(?: .{1,60})?",
    r"(?:your |the )?(?:role|mission|impact)",
    r"in this role(?:,? you will)?",
    r"(?:a )?day[\s-]to[\s-]day(?: responsibilities)?",
    r"a day in the life(?: of .{1,60})?",
    r"how you'?ll (?:contribute|make an impact)",
    r"the job",
    r"you will",
    # fr
    r"(?:(?:vos|tes|les|la|principales|ta|votre) )*(?:missions?|responsabilites|taches|role)"
    r"(?: principales)?(?: et responsabilites)?",
    r"(?:le )?(?:poste|role) en (?:bref|detail)",
    r"ce que (?:vous ferez|tu feras)",
    r"au quotidien(?:,? (?:vous|tu) (?:serez|allez|seras|vas))?",
    r"vos defis",
    r"(?:descriptif|description) des missions",
    # de
    r"(?:(?:ihre|deine|die|unsere) )?(?:aufgaben(?:gebiet|bereich)?|verantwortlichkeiten"
    r"|tatigkeiten|tatigkeitsbereich|rolle|mission)(?: bei uns)?",
    r"(?:was )?(?:dich|sie) erwartet",
    r"das erwartet (?:dich|sie)",
    r"das sind (?:deine|ihre) aufgaben",
    r"(?:deine|ihre) herausforderungen",
    r"ihr verantwortungsbereich",
    # es
    r"(?:(?:tus|sus|las|principales) )*(?:responsabilidades|funciones|tareas)"
    r"(?: principales)?(?: del puesto)?",
    r"(?:que|lo que) haras",
    r"(?:tu|el) (?:dia a dia|rol|reto|mision)",
    r"en que consiste el puesto",
    # it
    r"(?:(?:le tue|principali|le) )*(?:responsabilita|mansioni|attivita|compiti)(?: principali)?",
    r"cosa farai",
    r"(?:il tuo |il )ruolo",
    r"di cosa ti occuperai",
    r"la tua giornata",
    # pt
    r"(?:(?:suas|principais|as) )*(?:responsabilidades|atribuicoes|atividades|funcoes)"
    r"(?: principais)?",
    r"o que (?:voce vai|vai) fazer",
    r"(?:seu|o) (?:dia a dia|papel|desafio)",
    r"(?:seus |os )?desafios",
    # nl
    r"(?:(?:jouw|je|de|belangrijkste) )*(?:taken|verantwoordelijkheden|werkzaamheden)",
    r"wat (?:ga je|ga jij|je gaat) doen",
    r"(?:jouw|je|de) (?:rol|functie|uitdaging)",
)

_MUST = (
    # en
    r"(?:(?:job|key|basic|minimum|essential|technical|candidate|role) )?"
    r"(?:requirements?|qualifications?|requisites)"
    r"(?: (?:and|&) (?:qualifications|skills|experience|requirements))?(?: for the role)?",
    r"required (?:qualifications|skills|experience|knowledge)",
    r"must[\s-]haves?",
    r"essentials?",
    r"mandatory(?: skills| requirements)?",
    r"(?:(?:your|the|key|technical|core) )?(?:skills|profile|background|qualifications"
    r"|experience|knowledge)(?: (?:and|&) (?:experience|qualifications|skills|abilities))?",
    r"what (?:we'?re|we are) looking for(?: in (?:you|a candidate|an? .{1,60}))?",
    r"what we (?:need|expect)(?: from you)?",
    r"what you'?ll (?:need|bring)(?: to the (?:table|team|role))?",
    r"what you (?:need|bring|will bring|should bring|will need)(?: to the (?:table|team|role))?",
    r"(?:what|who) (?:we'?re|we are) (?:looking for|seeking)",
    r"who you are",
    r"about you",
    r"you (?:have|are|bring|should have)",
    r"(?:the )?ideal candidate(?: (?:will have|has|is))?",
    r"(?:we'?re|we are) looking for(?: someone who)?",
    r"(?:is )?this you",
    r"you might be a (?:good |great )?fit if(?: you)?",
    # fr
    r"(?:(?:le|votre|ton) )?profil(?: (?:recherche|souhaite|candidat|ideal))?",
    r"(?:competences|qualifications|connaissances)"
    r"(?: (?:requises|techniques|attendues|recherchees|necessaires))?",
    r"pre-?requis",
    r"exigences",
    r"ce que (?:nous recherchons|l'on recherche|nous attendons)",
    r"qui (?:etes-vous|es-tu)",
    r"vous (?:etes|avez|possedez)",
    r"(?:les )?savoir[\s-]faire",
    r"experiences? (?:requises?|souhaitees?)",
    # de
    r"(?:(?:ihr|dein|das) )?profil",
    r"(?:anforderungen|voraussetzungen|qualifikationen|kenntnisse)"
    r"(?: (?:und|&) (?:qualifikationen|kenntnisse|fahigkeiten))?",
    r"(?:deine|ihre) (?:qualifikationen|kenntnisse|skills|fahigkeiten|erfahrungen?)",
    r"das (?:bringst du|bringen sie) mit",
    r"was (?:du|sie) mitbring(?:st|en)(?: solltest| sollten)?",
    r"was wir (?:von dir |von ihnen )?erwarten",
    r"was du mitbringen solltest",
    r"damit uberzeugst du(?: uns)?",
    r"dein skillset",
    r"(?:das )?(?:solltest du|sollten sie) mitbringen",
    # es
    r"(?:requisitos|requerimientos)(?: (?:minimos|del puesto|imprescindibles|obligatorios))?",
    r"(?:(?:tu|el|nuestro) )?perfil(?: (?:buscado|ideal|que buscamos))?",
    r"(?:que|lo que) (?:buscamos|necesitamos|pedimos)",
    r"(?:buscamos|necesitamos)(?: a alguien)?(?: que)?",
    r"(?:competencias|habilidades|conocimientos|experiencia)"
    r"(?: (?:requerid[ao]s?|necesari[ao]s?|tecnic[ao]s))?",
    r"imprescindibles?",
    r"que necesitas",
    # it
    r"requisiti(?: (?:richiesti|minimi|obbligatori|fondamentali))?",
    r"(?:(?:il tuo|il) )?profilo(?: (?:ricercato|ideale))?",
    r"(?:competenze|conoscenze)(?: (?:richieste|tecniche|necessarie))?",
    r"(?:cosa|chi) cerchiamo",
    r"il candidato ideale",
    r"cerchiamo(?: qualcuno)?(?: che)?",
    # pt
    r"requisitos(?: (?:obrigatorios|minimos|necessarios|da vaga|tecnicos))?",
    r"qualificacoes(?: (?:necessarias|obrigatorias))?",
    r"o que (?:procuramos|buscamos|esperamos)(?: de voce)?",
    r"(?:(?:seu|o) )?perfil(?: (?:desejado|procurado|ideal))?",
    r"(?:competencias|conhecimentos|habilidades)(?: (?:necessari[ao]s|tecnic[ao]s))?",
    r"(?:procuramos|buscamos)(?: alguem)?(?: que)?",
    # nl
    r"(?:functie-?eisen|eisen|vereisten|kwalificaties)",
    r"wat (?:vragen wij|wij vragen|we vragen|vragen we)",
    r"(?:wie ben jij|wie zoeken wij|wie zoeken we|wie we zoeken)",
    r"(?:(?:jouw|je|het) )?profiel",
    r"wat (?:breng|neem) (?:je|jij) mee",
    r"wat je meebrengt",
    r"(?:jouw )?(?:kennis|vaardigheden|ervaring)",
)

_BENEFITS = (
    # en
    r"(?:(?:our|the|employee|key) )?(?:benefits|perks)"
    r"(?: (?:and|&) (?:perks|benefits|compensation|pay|salary))?",
    r"(?:compensation|salary|pay|remuneration|rewards?)(?: (?:and|&) (?:benefits|perks))?",
    r"what (?:we|you'?ll|you will|you) (?:offer|get|receive)(?: you)?(?: in return)?",
    r"what'?s in it for you",
    r"what is in it for you",
    r"why (?:join us|work (?:with|for) us|you'?ll love (?:working here|it|us)|us)",
    r"(?:we|our) offer(?: you)?",
    r"(?:the )?package",
    r"life at .{1,40}",
    # fr
    r"(?:(?:nos|les|vos) )?avantages(?: sociaux)?",
    r"ce que nous (?:offrons|proposons|vous offrons|t'offrons)",
    r"nous (?:vous )?(?:offrons|proposons)",
    r"on (?:t'|vous )?(?:offre|propose)",
    r"pourquoi (?:nous rejoindre|rejoindre .{1,40})",
    r"(?:remuneration|salaire|package)(?: et avantages)?",
    r"ce que l'on (?:offre|propose)",
    # de
    r"(?:was |das )?(?:wir (?:dir |ihnen )?bieten|bieten wir(?: dir| ihnen)?)",
    r"unser angebot(?: an dich| an sie)?",
    r"(?:(?:deine|ihre|unsere) )?(?:vorteile|benefits)",
    r"warum (?:wir|zu uns)",
    r"warum .{1,40}",
    r"(?:gehalt|vergutung)(?: und benefits)?",
    # es
    r"(?:que|lo que) (?:te )?ofrecemos",
    r"(?:te )?ofrecemos",
    r"(?:(?:nuestros|los) )?beneficios",
    r"(?:por que|porque) (?:unirte|trabajar con nosotros)",
    r"(?:por que|porque) .{1,40}",
    r"ventajas",
    r"(?:salario|retribucion|remuneracion)(?: y beneficios)?",
    # it
    r"(?:cosa|che cosa) (?:ti )?offriamo",
    r"(?:ti )?offriamo",
    r"(?:i nostri )?(?:benefit|vantaggi|benefici)",
    r"perche (?:lavorare con noi|unirti a noi)",
    r"perche .{1,40}",
    r"(?:retribuzione|stipendio|compenso)(?: e benefit)?",
    # pt
    r"o que (?:oferecemos|oferecemos a voce)",
    r"oferecemos",
    r"(?:(?:nossos|os) )?(?:beneficios|vantagens)",
    r"por que (?:trabalhar conosco|se juntar a nos)",
    r"por que .{1,40}",
    r"(?:salario|remuneracao)(?: e beneficios)?",
    # nl
    r"wat (?:bieden wij|wij bieden|we bieden|bieden we)(?: jou)?",
    r"(?:wij|we) bieden(?: jou)?",
    r"(?:secundaire )?arbeidsvoorwaarden",
    r"wat krijg (?:je|jij)(?: ervoor terug| van ons)?",
    r"(?:(?:jouw|de) )?voordelen",
    r"waarom (?:bij ons|werken bij ons)",
    r"waarom .{1,40}",
)

_SUMMARY = (
    # en
    r"about (?:the |this )?(?:job|role|position|opportunity|company|team|us)",
    r"(?:(?:job|position|role) )?(?:summary|overview|description)",
    r"(?:the )?(?:opportunity|company|team|position|gig)",
    r"who we are",
    r"our (?:mission|story)",
    r"introduction",
    r"(?:job )?purpose",
    r"about .{1,40}",
    # fr
    r"(?:a propos|qui sommes-nous|qui sommes nous)",
    r"(?:a propos|qui sommes-nous|qui sommes nous) de .{1,40}",
    r"(?:description|descriptif|presentation)"
    r" (?:du poste|de l'entreprise|de la societe|de l'offre)",
    r"(?:l'|notre )?entreprise",
    r"(?:le )?contexte",
    r"(?:le )?poste",
    r"(?:la )?societe",
    # de
    r"uber (?:uns|die stelle|die position|das team|das unternehmen)",
    r"uber .{1,40}",
    r"(?:die )?(?:stelle|position)",
    r"stellenbeschreibung",
    r"wer (?:wir sind|sind wir)",
    r"(?:das )?unternehmen",
    # es
    r"(?:sobre|acerca de) (?:nosotros|el puesto|la empresa|el rol)",
    r"(?:sobre|acerca de) .{1,40}",
    r"quienes somos",
    r"descripcion(?: del puesto| de la empresa| de la oferta)?",
    r"(?:la )?empresa",
    r"el puesto",
    # it
    r"chi siamo",
    r"descrizione(?: del ruolo| della posizione| dell'azienda)?",
    r"(?:l'|la nostra )?azienda",
    r"(?:la )?posizione",
    # pt
    r"(?:sobre|quem) (?:nos|somos|a vaga|a empresa|o cargo)",
    r"(?:sobre|quem) .{1,40}",
    r"descricao(?: da vaga| do cargo| da empresa)?",
    r"(?:a )?(?:empresa|vaga)",
    # nl
    r"over (?:ons|de functie|de rol|het bedrijf|de vacature)",
    r"over .{1,40}",
    r"(?:wie zijn wij|wie wij zijn)",
    r"(?:de )?(?:functieomschrijving|omschrijving|vacature)",
    r"(?:het )?bedrijf",
)

# Order matters: "preferred qualifications" is nice to have before "qualifications" is a must.
LEXICON = (
    (SectionKind.NICE_TO_HAVE, _NICE),
    (SectionKind.PROCESS, _PROCESS),
    (SectionKind.STACK, _STACK),
    (SectionKind.RESPONSIBILITIES, _RESPONSIBILITIES),
    (SectionKind.MUST_HAVE, _MUST),
    (SectionKind.BENEFITS, _BENEFITS),
    (SectionKind.SUMMARY, _SUMMARY),
)
