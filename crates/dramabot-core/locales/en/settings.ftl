# `/settings` (settings.rs): only the parts moved so far.

settings-in-a-server = Settings belong to a server: use this command in one.
settings-language-fixed = Saved. I answer everyone here in English now.
settings-language-auto = Saved. I answer each member in their own Discord language now (Korean or English).
settings-language-label = Language
settings-language-show-auto = Each member's Discord language (`/settings language`)
settings-language-show-en = English, for everyone
settings-language-show-ko = Korean, for everyone
