rule report:
    input:
        tables=rules.merge.output.tables,
    output:
        html=report(
            "results/dossier/report.html",
            caption="../report/dossier.rst",
            category="Dossier",
        ),
        md=report(
            "results/dossier/report.md",
            caption="../report/dossier_md.rst",
            category="Dossier",
        ),
    log:
        "logs/report/report.log",
    script:
        "../scripts/report.py"
