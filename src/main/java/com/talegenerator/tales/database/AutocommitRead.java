package com.talegenerator.tales.database;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A read that needs no transaction of its own: its statement runs in autocommit, so it
 * costs one round trip to the database instead of two (the driver sends BEGIN with the
 * query, then COMMIT on its own). Called inside a transaction, it joins it and sees that
 * transaction's writes.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
public @interface AutocommitRead {

}
