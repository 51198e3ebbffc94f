package com.talegenerator.tales.database.pool;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

import org.springframework.jdbc.datasource.ConnectionProxy;

/**
 * A connection that passes every call to another, for a subclass to change one or two:
 * plain calls, where a {@link java.lang.reflect.Proxy} would go through reflection on
 * every statement of every request. {@code close()} is the subclass's to write.
 */
abstract class DelegatingConnection implements ConnectionProxy {

	protected final Connection target;

	DelegatingConnection(Connection target) {
		this.target = target;
	}

	@Override
	public Connection getTargetConnection() {
		return this.target;
	}

	@Override
	public void abort(Executor executor) throws SQLException {
		this.target.abort(executor);
	}

	@Override
	public void clearWarnings() throws SQLException {
		this.target.clearWarnings();
	}

	@Override
	public void commit() throws SQLException {
		this.target.commit();
	}

	@Override
	public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
		return this.target.createArrayOf(typeName, elements);
	}

	@Override
	public Blob createBlob() throws SQLException {
		return this.target.createBlob();
	}

	@Override
	public Clob createClob() throws SQLException {
		return this.target.createClob();
	}

	@Override
	public NClob createNClob() throws SQLException {
		return this.target.createNClob();
	}

	@Override
	public SQLXML createSQLXML() throws SQLException {
		return this.target.createSQLXML();
	}

	@Override
	public Statement createStatement() throws SQLException {
		return this.target.createStatement();
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
		return this.target.createStatement(resultSetType, resultSetConcurrency);
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
			throws SQLException {
		return this.target.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
	}

	@Override
	public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
		return this.target.createStruct(typeName, attributes);
	}

	@Override
	public boolean getAutoCommit() throws SQLException {
		return this.target.getAutoCommit();
	}

	@Override
	public String getCatalog() throws SQLException {
		return this.target.getCatalog();
	}

	@Override
	public Properties getClientInfo() throws SQLException {
		return this.target.getClientInfo();
	}

	@Override
	public String getClientInfo(String name) throws SQLException {
		return this.target.getClientInfo(name);
	}

	@Override
	public int getHoldability() throws SQLException {
		return this.target.getHoldability();
	}

	@Override
	public DatabaseMetaData getMetaData() throws SQLException {
		return this.target.getMetaData();
	}

	@Override
	public int getNetworkTimeout() throws SQLException {
		return this.target.getNetworkTimeout();
	}

	@Override
	public String getSchema() throws SQLException {
		return this.target.getSchema();
	}

	@Override
	public int getTransactionIsolation() throws SQLException {
		return this.target.getTransactionIsolation();
	}

	@Override
	public Map<String, Class<?>> getTypeMap() throws SQLException {
		return this.target.getTypeMap();
	}

	@Override
	public SQLWarning getWarnings() throws SQLException {
		return this.target.getWarnings();
	}

	@Override
	public boolean isClosed() throws SQLException {
		return this.target.isClosed();
	}

	@Override
	public boolean isReadOnly() throws SQLException {
		return this.target.isReadOnly();
	}

	@Override
	public boolean isValid(int timeoutSeconds) throws SQLException {
		return this.target.isValid(timeoutSeconds);
	}

	@Override
	public boolean isWrapperFor(Class<?> type) throws SQLException {
		return this.target.isWrapperFor(type);
	}

	@Override
	public String nativeSQL(String sql) throws SQLException {
		return this.target.nativeSQL(sql);
	}

	@Override
	public CallableStatement prepareCall(String sql) throws SQLException {
		return this.target.prepareCall(sql);
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
		return this.target.prepareCall(sql, resultSetType, resultSetConcurrency);
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		return this.target.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
	}

	@Override
	public PreparedStatement prepareStatement(String sql) throws SQLException {
		return this.target.prepareStatement(sql);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
		return this.target.prepareStatement(sql, autoGeneratedKeys);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
		return this.target.prepareStatement(sql, columnIndexes);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
		return this.target.prepareStatement(sql, columnNames);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
			throws SQLException {
		return this.target.prepareStatement(sql, resultSetType, resultSetConcurrency);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		return this.target.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
	}

	@Override
	public void releaseSavepoint(Savepoint savepoint) throws SQLException {
		this.target.releaseSavepoint(savepoint);
	}

	@Override
	public void rollback() throws SQLException {
		this.target.rollback();
	}

	@Override
	public void rollback(Savepoint savepoint) throws SQLException {
		this.target.rollback(savepoint);
	}

	@Override
	public void setAutoCommit(boolean autoCommit) throws SQLException {
		this.target.setAutoCommit(autoCommit);
	}

	@Override
	public void setCatalog(String catalog) throws SQLException {
		this.target.setCatalog(catalog);
	}

	@Override
	public void setClientInfo(Properties properties) throws SQLClientInfoException {
		this.target.setClientInfo(properties);
	}

	@Override
	public void setClientInfo(String name, String value) throws SQLClientInfoException {
		this.target.setClientInfo(name, value);
	}

	@Override
	public void setHoldability(int holdability) throws SQLException {
		this.target.setHoldability(holdability);
	}

	@Override
	public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
		this.target.setNetworkTimeout(executor, milliseconds);
	}

	@Override
	public void setReadOnly(boolean readOnly) throws SQLException {
		this.target.setReadOnly(readOnly);
	}

	@Override
	public Savepoint setSavepoint() throws SQLException {
		return this.target.setSavepoint();
	}

	@Override
	public Savepoint setSavepoint(String name) throws SQLException {
		return this.target.setSavepoint(name);
	}

	@Override
	public void setSchema(String schema) throws SQLException {
		this.target.setSchema(schema);
	}

	@Override
	public void setTransactionIsolation(int level) throws SQLException {
		this.target.setTransactionIsolation(level);
	}

	@Override
	public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
		this.target.setTypeMap(map);
	}

	@Override
	public <T> T unwrap(Class<T> type) throws SQLException {
		return this.target.unwrap(type);
	}

}
