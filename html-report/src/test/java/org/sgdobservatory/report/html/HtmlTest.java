package org.sgdobservatory.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sgdobservatory.report.model.Interval;

class HtmlTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0.5         | 0.5",
        "0.1         | 0.1",
        "1234.5      | 1230",
        "0.00123456  | 0.00123",
        "0.000123456 | 1.23e-4",
        "-2.5e-7     | -2.5e-7",
        "123456      | 1.23e5",
        "100000      | 1e5",
        "1.0         | 1",
        "0           | 0",
        "NaN         | —",
        "Infinity    | —"})
    void numbersHaveThreeSignificantDigits(double value, String expected) {
        assertEquals(expected, Html.number(value), "format of " + value);
    }

    @Test
    void absentNumbersAreDashesWithATooltip() {
        String dash = "<span class=\"na\" title=\"not estimable\">—</span>";
        assertEquals(dash, Html.numberHtml(Double.NaN), "NaN number");
        assertEquals(dash, Html.percentHtml(Double.POSITIVE_INFINITY), "infinite percentage");
        assertEquals(dash, Html.intervalHtml(Interval.NONE), "no interval");
        assertEquals(dash, Html.plusMinusHtml(Double.NaN, 0.1), "NaN value with an error");
        assertEquals("0.93", Html.plusMinusHtml(0.93, Double.NaN), "a finite value without its error");
        assertEquals("1.05 (95% interval 0.97–1.13)", Html.intervalHtml(new Interval(1.05, 0.04, 0.97, 1.13)),
                "value with its interval");
        assertEquals("1.05", Html.intervalHtml(new Interval(1.05, Double.NaN, Double.NaN, 1.13)),
                "value without a finite interval");
    }

    @Test
    void escapesMarkup() {
        assertEquals("&lt;b&gt;&amp;&#39;&quot;", Html.escape("<b>&'\""), "the five markup characters");
        assertEquals("plain", Html.escape("plain"), "plain text unchanged");
        assertEquals("", Html.escape(null), "null is empty");
    }

    @Test
    void jsonIsSafeInsideAScriptElement() {
        assertEquals("{\"m\":\"\\u003c/script>\"}", Html.scriptSafeJson("{\"m\":\"</script>\"}"), "'<' escaped");
        assertEquals("{\"m\":\"a\\u2028b\\u2029\"}", Html.scriptSafeJson("{\"m\":\"a\u2028b\u2029\"}"),
                "line and paragraph separators escaped");
    }
}
