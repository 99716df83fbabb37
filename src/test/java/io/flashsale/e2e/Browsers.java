package io.flashsale.e2e;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The browsers one test opened: a screenshot of each when the test fails (while they are still open), and every one
 * of them quit after the test, pass or fail.
 */
final class Browsers implements TestExecutionExceptionHandler, AfterEachCallback {

    private final List<Browser> open = new ArrayList<>();

    Browser start(String name, String baseUrl) {
        Browser browser = Browser.start(name, baseUrl);
        open.add(browser);
        return browser;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        for (Browser browser : open) {
            try {
                browser.screenshot("failed-" + context.getRequiredTestMethod().getName() + "-" + browser.name());
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        throw failure;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RuntimeException first = null;
        for (Browser browser : open) {
            try {
                browser.quit();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
