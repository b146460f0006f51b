package org.sgdobservatory.report.html;

/**
 * The live view's page, served while training runs: it polls {@code snapshot.json} (a
 * {@link org.sgdobservatory.report.model.LiveSnapshot}) once a second and shows the phase, the progress through the
 * window, the loss curve, the running estimates per parameter group and eigen-direction with their effective sample
 * sizes, and the data order once known; when the report exists it reloads, and the same address then serves the final
 * report page. Self-contained like the report page (uPlot and the scripts inlined). The root element records
 * {@code data-phase} and {@code data-updates} for tests. Stateless.
 */
public final class LivePage {

    private LivePage() {
    }

    /** The page, titled after {@code what} (e.g. the network). */
    public static String render(String what) {
        Assets assets = Assets.get();
        StringBuilder out = new StringBuilder(assets.uplotJs().length() + 20_000);
        out.append("<!DOCTYPE html>\n<html lang=\"en\" data-phase=\"\" data-updates=\"0\" data-errors=\"0\">\n<head>\n"
                + "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>SGD Observatory: live</title>\n<script>\n").append(HtmlReport.ERROR_HOOKS)
                .append("</script>\n<style>\n").append(assets.uplotCss()).append("\n</style>\n<style>\n")
                .append(assets.reportCss()).append("\n</style>\n</head>\n<body>\n<main>\n")
                .append("<p class=\"kicker\">SGD Observatory · live view</p>\n<h1>")
                .append(Html.escape(what)).append("</h1>\n")
                .append("""
                        <div class="verdict neutral"><p><span class="q">Now:</span> <span class="a" id="phase">connecting</span></p>
                        <p class="d" id="message"></p>
                        <p class="d"><progress id="progress" max="1" value="0"></progress> <span id="progress-text"></span></p></div>
                        <h2>Loss</h2>
                        <div id="loss" class="plot"></div>
                        <h2>Data order</h2>
                        <p id="order">not known yet</p>
                        <h2>Running estimates</h2>
                        <p class="lead">Estimates so far from the listener's streaming statistics; the verdicts come when the window ends.
                        ESS is the effective sample size: a variance is judged once it reaches the minimum.</p>
                        <h3>Parameter groups</h3>
                        <table class="groups" id="groups"><thead><tr><th>group</th><th>tracked</th><th>median variance</th>
                        <th>median ESS</th><th>median tau (samples)</th></tr></thead><tbody></tbody></table>
                        <h3>Eigen-directions</h3>
                        <p id="directions-none">not found yet (the directions are found once the window has its first minibatches)</p>
                        <table class="groups" id="directions"><thead><tr><th>direction</th><th>eigenvalue</th><th>variance</th>
                        <th>ESS</th></tr></thead><tbody></tbody></table>
                        </main>
                        """);
        out.append("<script>\n").append(assets.uplotJs()).append("\n</script>\n<script>\n")
                .append(Assets.read(Assets.OWN + "live.js")).append("\n</script>\n</body>\n</html>\n");
        return out.toString();
    }
}
