namespace Fleet.Bench.Corpus;

/// <summary>
/// The text of the widened benchmark, in two sets that share no sentence: <see cref="BenchSet.Tuning"/> may be looked
/// at while changing the engine, <see cref="BenchSet.HeldOut"/> never is (it is only run and reported). Neither shares
/// a sentence with <see cref="BenchText"/> (the old benchmark) or its calibration prose.
/// </summary>
public static class CorpusText
{
    public static IReadOnlyList<string> Prose(BenchSet set) => set == BenchSet.Tuning ? EnglishTuning : EnglishHeldOut;

    private static readonly string[] EnglishTuning =
    [
        "The ferry timetable changes on 2 November, when the last crossing leaves at 21:15 instead of 23:00.",
        "Grace Whitfield catalogued 1,184 seed packets, each sorted by family, genus and year of harvest.",
        "Heating bills rose by 8.4% over the winter, mostly because the boiler ran all night in January.",
        "Bring two forms of identification; a passport and a utility bill dated within 90 days will do.",
        "The orchestra rehearses on Tuesdays in hall B, and the choir joins them from the third week on.",
        "Minutes of the meeting were approved without changes, apart from the spelling of one surname.",
        "A torque of 45 Nm is enough for the wheel nuts; tighten them again after the first 50 km.",
        "Volunteers planted 312 oak and beech saplings along the northern edge of the reservoir.",
        "Her thesis compares the harbour records of Bristol, Cork and Bordeaux between 1780 and 1815.",
        "If the display shows E-17, unplug the dryer for ten minutes and clean the lint filter.",
        "Only 14 of the 230 sampled wells exceeded the nitrate limit, all of them near old farmland.",
        "The courier left the parcel with a neighbour at number 58, as the delivery note explains.",
    ];

    private static readonly string[] EnglishHeldOut =
    [
        "Oskar Lindqvist repaired the clock tower's mechanism, which had stopped at 4:52 in 1987.",
        "Rainfall in the valley averaged 713 mm a year, though the wettest year on record saw 1,090.",
        "Applicants who miss the interview may book a second slot by phone, but not a third one.",
        "The bakery sells about 640 loaves a day, and twice that on the Saturday before Easter.",
        "A spare fuse (type T2.5A) is kept in the small drawer under the amplifier's front panel.",
        "Survey crews mapped 27 km of coastline, marking every groyne, slipway and storm drain.",
        "Patients should fast for eight hours before the test; water is allowed until 06:30.",
        "The reading group chose a novel of 412 pages, so they agreed to meet every fortnight.",
        "Wind turbines on the ridge produced 18.6 GWh last year, enough for roughly 5,000 homes.",
        "Lockers in the east corridor are reassigned each September; keys go back to reception.",
        "Marta's spreadsheet flagged 93 duplicate invoices, the oldest of them from March 2019.",
        "Keep the ladder at an angle of about 75 degrees, with one metre above the landing point.",
    ];

    /// <summary>Prose in <paramref name="language"/> (Tesseract's code: fra, deu, spa, por, ita), with its accents and € £ © µ.</summary>
    public static IReadOnlyList<string> Language(string language, BenchSet set) => (language, set) switch
    {
        ("fra", BenchSet.Tuning) =>
        [
            "L'été dernier, Hélène a réservé une chambre à l'hôtel « Le Bœuf Couronné » pour 89 € la nuit.",
            "Où est passée la clé ? Je l'ai laissée près de la fenêtre, à côté du maïs et des pêches mûres.",
            "Le garçon français a reçu un prix de 250 € et une médaille gravée © 2023 pour son essai.",
            "Noël approche : la boulangerie prépare des bûches, des crêpes et des gâteaux à la crème brûlée.",
            "Ça coûte 12,50 € ou 11 £ ; la distance entre les deux électrodes est de 40 µm à peine.",
            "Ève et Zoé ont déjà goûté l'aïoli sur l'île, mais elles préfèrent la bouillabaisse de Marseille.",
        ],
        ("fra", _) =>
        [
            "Le maître d'œuvre a présenté l'ébauche du théâtre à la mairie jeudi, après une longue hésitation.",
            "À Noël, François offrira à sa sœur un coffret de thé vert et une écharpe tricotée à la main.",
            "Les élèves de troisième étudient l'âge d'or de la poésie française, de Ronsard à Baudelaire.",
            "Le capteur mesure des particules de 2,5 µm ; le devis s'élève à 1 480 € hors taxes.",
            "Dès l'aube, les pêcheurs de la côte déchargent le poisson sur le quai « du Vieux Port » où règne une odeur de sel.",
            "Ce document est protégé © 2024 Éditions Ménard ; toute reproduction coûte 15 £ par page.",
        ],
        ("deu", BenchSet.Tuning) =>
        [
            "Jürgen Möller wohnt in der Großen Straße 17 und fährt jeden Morgen mit dem Fahrrad zur Büroküche.",
            "Die Gebühr für die Überprüfung beträgt 45 €, zahlbar binnen vierzehn Tagen nach Erhalt.",
            "Schöne Grüße aus Düsseldorf! Das Wetter ist trüb, aber die Brötchen sind köstlich.",
            "Äpfel, Öl und Süßigkeiten stehen auf der Einkaufsliste, dazu ein Stück Käse für 3,20 €.",
            "Der Schlüssel passt nicht ins Schloß der Tür; der Hausmeister weiß hoffentlich Bescheid.",
            "Die Schichtdicke von 12 µm wurde gemessen; die Rechnung über 80 £ liegt bei © Müller & Söhne.",
        ],
        ("deu", _) =>
        [
            "Die Bürgermeisterin eröffnete das Straßenfest, obwohl es am Vormittag heftig geregnet hatte.",
            "Für die Übernachtung in Lübeck zahlten wir 112 € inklusive Frühstück und Fahrradgarage.",
            "Herr Völker prüft die Maße: Die Öffnung ist 3,5 µm groß und damit zu klein für den Filter.",
            "Größere Lieferungen über 500 £ müssen vorab bestätigt werden, schreibt die Geschäftsführung.",
            "Das Gemälde, © Stiftung Außenkunst, hängt im südlichen Flügel neben der großen Treppe.",
            "Österreichische Gäste bevorzugen Knödel, während die Schweizer eher Rösti bestellen.",
        ],
        ("spa", BenchSet.Tuning) =>
        [
            "¿Dónde está el señor Peña? Salió temprano hacia la estación con su cámara y un paraguas.",
            "La niña comió una piña entera en el jardín mientras su abuela leía el periódico.",
            "¡Qué sorpresa! El pingüino del acuario cumplió doce años y le dieron pescado fresco.",
            "El informe cuesta 30 € o 26 £ y está protegido © 2022 por la Fundación Núñez.",
            "La película de 8 µm se aplicó sobre el cristal; después se secó durante una hora.",
            "Mañana habrá reunión en el salón de actos a las diez; traigan el borrador del acuerdo.",
        ],
        ("spa", _) =>
        [
            "El camión llegó al almacén de Cádiz con ochocientas cajas de aceitunas y vino añejo.",
            "¿Cuántos años tiene tu sobrino? Creo que cumplirá diecinueve en el próximo otoño.",
            "Según el catálogo © 2021 Ediciones Ibáñez, el envío a Logroño cuesta 7,90 € por paquete.",
            "¡Atención! Los análisis detectaron partículas de 0,3 µm en la muestra número doce.",
            "La compañía británica cobró 140 £ por la reparación del motor y del tubo de escape.",
            "Después de la lluvia, los niños jugaron junto al río hasta que anocheció en el pueblo.",
        ],
        ("por", BenchSet.Tuning) =>
        [
            "A câmara municipal de São Paulo aprovou a construção de três pontes e uma estação nova.",
            "Não se esqueça: a reunião com o João começa às nove horas, na sala de conferências.",
            "O pão de açúcar e os limões custaram 4,60 € no mercado da praça, perto da estação.",
            "As lições de português são à terça-feira; a inscrição custa 25 £ para os estrangeiros.",
            "A espessura da película é de 6 µm, segundo o relatório © 2023 da Associação Técnica.",
            "Os irmãos visitaram a região do Douro e provaram vinhos de várias quintas históricas.",
        ],
        ("por", _) =>
        [
            "A avó preparou bolinhos de bacalhau e arroz de pato para o almoço de domingo.",
            "Em Coimbra, os estudantes cantam o fado à noite, vestidos com as capas tradicionais.",
            "O orçamento da obra aumentou para 12 300 € depois da substituição das janelas antigas.",
            "A exposição, © Museu Nacional, mostra mapas de navegação e instrumentos de latão.",
            "O filtro retém partículas até 1,2 µm; cada cartucho custa 18 £ na loja britânica.",
            "Ninguém sabia se a balsa ia partir: as informações do porto falavam de nevoeiro desde a madrugada.",
        ],
        ("ita", BenchSet.Tuning) =>
        [
            "Perché non è venuto? Forse là, in città, c'è già troppo traffico per arrivare in orario.",
            "Il caffè costa 1,20 € al banco, ma al tavolo il prezzo sale fino a tre euro.",
            "Niccolò ha dipinto la facciata della chiesa più antica del paese, vicino alla piazza.",
            "La qualità del tessuto è ottima: le fibre misurano circa 15 µm di diametro.",
            "Il volume, © 2020 Edizioni Carità, si può ordinare dall'estero a 22 £ più spedizione.",
            "Lunedì la segreteria resterà chiusa; le pratiche urgenti si consegnano al portiere.",
        ],
        ("ita", _) =>
        [
            "Così la nonna preparò le lasagne, mentre il nonno tagliava il pane sulla tavola di legno.",
            "L'università di Bologna è tra le più antiche d'Europa, fondata già nell'undicesimo secolo.",
            "Sarà possibile pagare in contanti: l'abbonamento annuale costa 240 € per gli adulti.",
            "La tolleranza è di 0,8 µm; oltre quel valore il pezzo va scartato e rifatto da capo.",
            "Il catalogo della mostra, © Fondazione Città Nuova, è venduto a Londra per 30 £.",
            "Però nessuno sapeva dove fosse finita la barca, né chi l'avesse slegata dal molo.",
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, "no prose in this language"),
    };

    /// <summary>
    /// Technical lines, set as they stand (no wrapping): code, shell commands with options, paths and URLs, quotes of
    /// every kind, rules of = and -, bullets set apart by spaces. Two sets with different commands and names.
    /// </summary>
    public static IReadOnlyList<string> Technical(BenchSet set) => set == BenchSet.Tuning ? TechnicalTuning : TechnicalHeldOut;

    private static readonly string[] TechnicalTuning =
    [
        "INSTALLATION",
        "============",
        "$ sudo apt-get install -y --no-install-recommends bzip2 libxml2-dev",
        "$ tar -xjf release-2.4.1.tar.bz2 -C /opt/tools && cd /opt/tools/release-2.4.1",
        "$ ./configure --prefix=/usr/local --with-ssl=/usr/lib/ssl --enable-shared",
        "$ make -j4 && make check 2>&1 | tee build.log",
        "$ export LD_LIBRARY_PATH=/usr/local/lib:$LD_LIBRARY_PATH",
        "Configuration",
        "-------------",
        "  -  Edit /etc/tools/main.conf and set 'cache_dir' to \"/var/cache/tools\".",
        "  -  The flag -q (quiet) suppresses progress; -v may be given twice.",
        "  *  See https://docs.example.org/tools/v2/config.html#cache for details.",
        "int parse_args(int argc, char **argv) {",
        "    for (int i = 1; i < argc; i++) {",
        "        if (strcmp(argv[i], \"--help\") == 0) { usage(); return 0; }",
        "        opts.verbose += (argv[i][1] == 'v');",
        "    }",
        "    return argc > 1 ? 1 : -1; // `argc` counts the program name",
        "}",
        "def load(path: str) -> dict[str, int]:",
        "    with open(path, encoding=\"utf-8\") as f:",
        "        return {k: int(v) for k, v in (l.split('=') for l in f)}",
        "QListView4 *view = new QListView4(parent); view->setModel(&model);",
        "Quotes: 'single', \"double\", ‘curly single’, “curly double”, `backtick`.",
        "C:\\Program Files\\Tools\\bin\\tool.exe /s /log=C:\\Temp\\install.log",
        "ssh -p 2222 -i ~/.ssh/id_ed25519 deploy@build-07.example.net 'uptime'",
        "grep -rn --include='*.cfg' \"timeout\" /etc/ | sort -u > /tmp/timeouts.txt",
        "=======================================================",
    ];

    private static readonly string[] TechnicalHeldOut =
    [
        "BUILDING FROM SOURCE",
        "====================",
        "$ git clone --depth 1 --branch v3.0.2 https://git.example.com/libfoo.git",
        "$ cmake -S libfoo -B build -DCMAKE_BUILD_TYPE=Release -DFOO_TESTS=OFF",
        "$ cmake --build build --parallel 2 --target install",
        "$ xz -d -k -T0 dataset-2024-05.tar.xz; ls -lh /srv/data/",
        "$ curl -fsSL -o /tmp/key.asc https://pkg.example.org/keys/release.asc",
        "Options",
        "-------",
        "  -  Set 'max_workers' in ~/.config/foo/settings.toml to \"auto\".",
        "  -  The switch -n (dry run) prints commands; -f forces overwrites.",
        "  *  Logs live in /var/log/foo/ and rotate daily (see man 8 logrotate).",
        "static size_t count_lines(const char *buf, size_t len) {",
        "    size_t n = 0;",
        "    while (len-- > 0) n += (*buf++ == '\\n');",
        "    return n; /* \"\\n\" only, not \"\\r\\n\" */",
        "}",
        "for f in *.log; do gzip -9 \"$f\" && mv \"$f.gz\" archive/; done",
        "fn main() -> Result<(), Box<dyn Error>> { let cfg = read(\"a.toml\")?; Ok(()) }",
        "SELECT id, name FROM users WHERE created_at >= '2024-01-01' ORDER BY id;",
        "Quotes again: ‘it’s’, “so-called”, 'plain', \"plain\", `code`, ''two''.",
        "D:\\Builds\\nightly\\out\\Release\\foo-cli.exe --input=D:\\data\\in.csv",
        "rsync -avz --delete --exclude='.git/' ./site/ www@web-02.example.net:/srv/www/",
        "find /home -xdev -type f -size +100M -mtime -30 -print0 | xargs -0 du -h",
        "-------------------------------------------------------",
    ];

    /// <summary>Table-of-contents entries (title, page) set with dot leaders, and a small table.</summary>
    public static IReadOnlyList<(string Title, string Page)> Contents(BenchSet set) => set == BenchSet.Tuning
        ?
        [
            ("1  Introduction", "1"), ("1.1  Scope of this manual", "2"), ("1.2  Conventions", "3"),
            ("2  Installing the tools", "5"), ("2.1  Requirements", "5"), ("2.2  Upgrading from 1.x", "9"),
            ("3  Configuration reference", "13"), ("3.4  Cache and temporary files", "21"),
            ("Appendix A  Error codes", "47"), ("Index", "53"),
        ]
        :
        [
            ("1  Overview", "1"), ("1.3  What changed in 3.0", "4"), ("2  Getting started", "7"),
            ("2.1  Building on Linux", "7"), ("2.2  Building on Windows", "11"), ("4  Command-line options", "18"),
            ("4.2  Environment variables", "24"), ("5  Troubleshooting", "31"),
            ("Appendix B  Licences", "60"), ("Glossary", "64"),
        ];

    public static IReadOnlyList<string[]> Table(BenchSet set) => set == BenchSet.Tuning
        ?
        [
            ["Option", "Default", "Meaning"],
            ["--jobs N", "2", "parallel builds"],
            ["--cache DIR", "/var/cache", "download cache"],
            ["--timeout S", "30", "network timeout (s)"],
        ]
        :
        [
            ["Variable", "Value", "Used by"],
            ["FOO_HOME", "~/.foo", "all commands"],
            ["FOO_LOG", "warn", "foo-cli, foo-daemon"],
            ["FOO_PORT", "8443", "foo-daemon"],
        ];
}
