"""``newsprism jobs``: the job queue: depths, running jobs, failed jobs with their reasons."""

from __future__ import annotations

import typer

from ._context import console, print_json, state


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command("jobs")
    def jobs(
        ctx: typer.Context,
        as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts."),
        failed: int = typer.Option(20, "--failed", help="Failed jobs to list (the most recent)."),
    ) -> None:
        """Show the job queue: waiting and running jobs by task, failed jobs and why they failed."""
        from ..jobs import job_status

        st = job_status(state(ctx).np(), failed_limit=failed)
        if as_json:
            print_json(st.to_dict())
            return
        for note in st.notes:
            console.print(note, highlight=False, markup=False)
        if st.counts:
            console.print("[bold]queue[/bold]")
            by_task: dict[tuple[str, str], dict[str, int]] = {}
            for c in st.counts:
                by_task.setdefault((c.queue, c.task), {})[c.status] = c.jobs
            for (queue, task), n in sorted(by_task.items()):
                shown = ", ".join(f"{k} {v}" for k, v in sorted(n.items()))
                console.print(f"  {queue:<9} {task:<14} {shown}", highlight=False, markup=False)
        if st.running:
            console.print("[bold]running[/bold]")
            for r in st.running:
                console.print(
                    f"  job {r['id']} {r['task']} {r['args']} for {r['seconds']:.0f}s"
                    f" (attempt {r['attempts'] + 1}, worker {r['worker']})",
                    highlight=False,
                    markup=False,
                )
        if st.failed:
            console.print("[bold]failed[/bold]")
            for f in st.failed:
                console.print(
                    f"  job {f['id']} {f['task']} {f['args']} after {f['attempts']} attempts: {f['reason']}",
                    highlight=False,
                    markup=False,
                )
