package io.flashsale.identity;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.JpaRepository;

interface AppUsers extends JpaRepository<AppUser, Long> {

    Optional<AppUser> findByEmail(String email);

    boolean existsByEmail(String email);

    @Query("select u.id as id, u.email as email from AppUser u where u.id in :ids")
    List<UserEmail> findEmails(Collection<Long> ids);

    interface UserEmail {
        Long getId();

        String getEmail();
    }
}
