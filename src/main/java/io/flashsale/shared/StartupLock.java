package io.flashsale.shared;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs start-up seeding (the operator account, the demo buyers, the demo sale) on one instance at a time. Several
 * instances started together would otherwise each find the row missing and each insert it: the second fails on a
 * unique key and does not start, or the demo sale is created twice. A named database lock ({@code GET_LOCK}, held
 * by one connection for as long as the work runs) serialises them; the later instance then finds the row there.
 */
@Component
public class StartupLock {

    private static final int WAIT_SECONDS = 60;

    private final JdbcTemplate jdbc;

    StartupLock(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Runs {@code work} while holding the lock {@code flashsale:<name>}, waiting up to a minute for it. */
    public void exclusively(String name, Runnable work) {
        String lock = "flashsale:" + name;
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement get = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
                get.setString(1, lock);
                get.setInt(2, WAIT_SECONDS);
                try (ResultSet acquired = get.executeQuery()) {
                    if (!acquired.next() || acquired.getInt(1) != 1) {
                        throw new IllegalStateException("Another instance held the start-up lock " + lock
                                + " for over " + WAIT_SECONDS + " s");
                    }
                }
            }
            try {
                work.run();
            } finally {
                try (PreparedStatement release = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                    release.setString(1, lock);
                    release.execute();
                }
            }
            return null;
        });
    }
}
