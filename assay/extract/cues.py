"""Cue words of page furniture, by kind and in several languages.

Each kind lists words and short phrases that furniture lines use: buttons ("Share",
"Teilen", "Partager"), notices ("cookies", "copying is disabled"), sign-up boxes, "read
more" blocks. A cue is only evidence: the line classifier weighs it with the line's
length, punctuation and neighbours, so "subscribe" inside a story sentence stays story.
Lookup is by word n-grams in one dict, so a line costs a few dict probes per word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "CUE_KINDS",
    "FAMILIES",
    "IMPERATIVES",
    "NOTICE_KINDS",
    "READER_WORDS",
    "cue_kinds",
    "is_button",
    "words",
]

# Kind -> cues, one per line of the string; the first kind found names the furniture.
_CUES: dict[str, str] = {
    "copy-protection notice": """
        copying|copy is disabled|copying is disabled|right click|right-click|reproduction
        may not be reproduced|may not be copied|may not be republished|do not copy
        may not copy|reproduce or redistribute|redistribute|without written permission
        kopieren|copie|copier|copia|copiar|cópia|copiado|copiados|riproduzione|dilarang
        prohibida la copia|reproducción|reprodução
    """,
    "newsletter footer": """
        view this email|view in browser|in your browser|forward to a friend|forward to a colleague
        you are receiving this|you received this|manage preferences|update your preferences
        unsubscribe|mailing address|manage your subscription|sent to you because
    """,
    "cookie notice": """
        cookie|cookies|privacy|datenschutz|confidentialité|privacidad|privacidade|gdpr
        consent|consentement|einwilligung|consentimiento|consentimento|consenso|informativa
    """,
    "copyright line": """
        copyright|all rights reserved|alle rechte vorbehalten|tous droits réservés
        todos los derechos reservados|todos os direitos reservados|tutti i diritti riservati
        hak cipta|riproduzione riservata
    """,
    "sign-up box": """
        subscribe|subscription|subscriptions|subscriber|subscribers|sign up|signup
        newsletter|newsletters|briefing|inbox|register|email address|e mail address|your email
        abonnieren|abonnement|abonnez|abonné|abonne|inscrivez|suscríbete|suscribirse
        suscripción|suscribirte|boletín|assine|assinatura|assinante|inscreva|cadastrar
        iscriviti|abbonati|abbonamento|berlangganan|langganan|newsletter abonnieren
    """,
    "premium offer": """
        special offer|free trial|start my trial|start your trial|unlimited access
        digital access|per month|per week|cancel anytime|premium members|members get
        premium content|premium subscription|go premium|become a member|jetzt abonnieren
        im monat|offre spéciale|par mois|le premier mois|je m abonne|oferta especial
        al mes|por mês|al mese|prova gratuita|free for
    """,
    "teaser": """
        read more|read also|also read|related|more from|recommended|you may also like
        you might also like|continue reading|full story|further reading|more stories
        most read|most popular|trending|top stories|latest news|editor s picks|more on this
        lesen sie auch|mehr zum thema|weiterlesen|lire aussi|à lire aussi|voir aussi
        lire la suite|leia mais|leia também|veja também|saiba mais|lee también|leer más
        te puede interesar|leggi anche|baca juga|selengkapnya|read the full story
    """,
    "share line": """
        share|tweet|facebook|twitter|linkedin|whatsapp|telegram|reddit|pinterest|flipboard
        print|teilen|drucken|partager|compartir|compartilhe|compartilhar|condividi|stampa
        bagikan|copy link|follow us|listen to article|listen to this article|listen
        artikel anhören|écouter|salin tautan|copiar link
    """,
    "advertisement": """
        advertisement|advertising|advert|sponsored|promoted|anzeige|werbung|publicité
        publicidad|publicidade|pubblicità|iklan|ad|ads|partner content|story continues below
    """,
    "click-here line": "click|tap here|klicken|cliquez|haga clic|clique|clicca|klik",
    "navigation": """
        home|menu|search|skip to|back to top|section|sections|log in|login|log out|logout
        sign in|signin|sign out|my account|account|password|startseite|suche|anmelden
        accueil|rechercher|recherche|se connecter|inicio|buscar|iniciar sesión|início
        entrar|pesquisar|cerca|accedi|beranda|cari|masuk|next|previous|prev|about us
        contact|contact us|careers|jobs|impressum|imprint|mentions légales|aviso legal
        terms of use|terms of service|tags|tag|topics|categories|download|app store
        google play|podcast|podcasts|weather|horoscope|edition|agb
    """,
    "caption or credit": """
        photo|photos|image|images|picture|video|credit|getty|caption|foto|bild|afp
        file photo|photographer|illustration|watch|staff|staff writer|correspondent
        wire service
    """,
    "comments": """
        comment|comments|reply|replies|kommentar|kommentare|commentaire|commentaires
        comentario|comentarios|comentário|comentários|commenti|komentar
    """,
    "provenance line": """
        originally published|first published|originally appeared|first appeared
        this article appeared|this story appeared|republished with permission
    """,
    "dated line": """
        published|updated|posted|ago|min read|minute read|minutes read|veröffentlicht
        aktualisiert|publié|mis à jour|publicado|actualizado|atualizado|pubblicato
        aggiornato|lecture
    """,
}
# Cues that are not words: looked up as substrings.
_SYMBOLS: dict[str, str] = {"copyright line": "©", "premium offer": "/month"}
# A linked headline: "Tin Rallies on Supply Fears MORE", "Full coverage →", "Next »".
_LINK_END = re.compile(r"(\s(MORE|→|»|›)|→|»)\W{0,2}$")

# Kinds grouped by what they are for; a rare kind borrows what the model learned of its
# family (copy-protection notices are rare on the training pages, cookie notices are not).
FAMILIES: dict[str, tuple[str, ...]] = {
    "notice": ("copy-protection notice", "cookie notice", "copyright line", "provenance line"),
    "promotion": ("newsletter footer", "sign-up box", "premium offer", "advertisement"),
    "links": ("teaser", "share line", "navigation", "comments", "click-here line"),
    "credit": ("caption or credit", "dated line"),
}

CUE_KINDS: tuple[str, ...] = tuple(_CUES)

# Words that address the reader: notices and offers speak to "you", stories rarely do.
_READER = """you your yours we our us vous votre vos nous notre nos ihr wir unser unsere
    usted ustedes tu tus nuestro nuestra nuestros você voce seu sua nosso nossa voi vostro
    nostro nostra anda kami"""
READER_WORDS = frozenset(_READER.split())
# First words of buttons and calls to action, in the imperative.
_IMPERATIVE = """subscribe sign join get start try enter click tap read follow download register log
    unlock cancel upgrade continue accept manage share listen watch discover learn explore
    view see save claim buy order choose receive abonnez inscrivez lisez découvrez
    profitez essayez abonnieren jetzt lesen testen entdecken melden registrieren teilen
    suscríbete suscribete regístrate lee descubre recibe assine cadastre leia receba
    descubra iscriviti leggi scopri abbonati ricevi daftar baca bagikan langganan"""
IMPERATIVES = frozenset(_IMPERATIVE.split())
# Kinds whose cues mark a line as furniture even inside a sentence ("By signing up you agree
# to our Privacy Policy."); the other kinds' words are common in prose ("share", "photo").
NOTICE_KINDS: frozenset[int] = frozenset(
    CUE_KINDS.index(k)
    for k in (
        "copy-protection notice",
        "newsletter footer",
        "cookie notice",
        "copyright line",
        "sign-up box",
        "premium offer",
        "advertisement",
        "provenance line",
    )
)
_WORD = re.compile(r"\w+")


def words(line: str) -> list[str]:
    """The line's words, lower-cased: the unit cues are looked up in."""
    return _WORD.findall(line.lower())


def _tables() -> tuple[dict[str, int], dict[str, list[tuple[tuple[str, ...], int]]]]:
    """Single-word cues -> kind; first word of a phrase -> [(phrase, kind)]."""
    single: dict[str, int] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for kind, cues in enumerate(_CUES.values()):
        for cue in re.split(r"[|\n]", cues):
            key = tuple(words(cue))
            if len(key) == 1:
                single.setdefault(key[0], kind)
            elif key:
                phrases.setdefault(key[0], []).append((key, kind))
    return single, phrases


_SINGLE, _PHRASES = _tables()
_SYMBOL_KINDS = [(s, CUE_KINDS.index(kind)) for kind, s in _SYMBOLS.items()]
_TEASER = CUE_KINDS.index("teaser")


# Words a button may hold besides its cue: "Share this article", "Sign up now".
_FILLER_WORDS = "a the this our us on to for in via of article story page now here all"
_FILLER = frozenset(_FILLER_WORDS.split())


def is_button(line: str) -> bool:
    """One to four words, all of them cues or filler: "Iklan", "Share this article"."""
    tokens = words(line)
    if not 1 <= len(tokens) <= 4:
        return False
    covered = set()
    for i, token in enumerate(tokens):
        if token in _SINGLE:
            covered.add(i)
        for phrase, _ in _PHRASES.get(token, ()):
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                covered.update(range(i, i + len(phrase)))
    return bool(covered) and all(i in covered or t in _FILLER for i, t in enumerate(tokens))


def cue_kinds(line: str, tokens: Sequence[str] | None = None) -> list[int]:
    """Indexes into CUE_KINDS of the kinds whose cues occur in `line`, sorted.

    Pass `tokens` (the line's `words`) when they are already at hand.
    """
    tokens = words(line) if tokens is None else tokens
    found = {kind for symbol, kind in _SYMBOL_KINDS if symbol in line}
    if _LINK_END.search(line[-8:]):
        found.add(_TEASER)
    # Set intersections run in C: most lines hold no cue word at all.
    found.update(_SINGLE[t] for t in _SINGLE.keys() & tokens)
    firsts = _PHRASES.keys() & tokens
    if firsts:
        for i, token in enumerate(tokens):
            if token in firsts:
                for phrase, kind in _PHRASES[token]:
                    if tuple(tokens[i : i + len(phrase)]) == phrase:
                        found.add(kind)
    return sorted(found)
